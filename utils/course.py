"""Where the course lives: the repository slug, the pinned ref and the paths derived from them."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

# The one place that names the published repository. Change it with
# `python scripts/notebooks.py set-repo OWNER/NAME REF`, which also rewrites
# every notebook's Colab badge and Setup cell.
REPO_SLUG = "ai-startup-course/deep-learning-course"
REPO_REF = "v1.0"

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class MapEntry:
    """One row of the course map: notebook stem, title, content and typical run times."""

    stem: str
    title: str
    content: str
    quick: str
    full: str
    part: str


# The final order of the course, by notebook stem. A notebook's number is its position here;
# stems not yet written are the only gaps the notebooks folder may have (tests check both).
SYLLABUS: tuple[str, ...] = (
    "00_welcome_and_setup",
    "01_startup_landscape",
    "02_strategy_in_numbers",
    "03_big_model_economics",
    "04_gradient_descent",
    "05_neural_networks_from_scratch",
    "06_cnn_lab",
    "07_gan_lab",
    "08_text_classification_lab",
    "09_language_models",
    "10_model_to_product",
)

# The course map, in order. README.md's table and notebook 00's figure show these rows;
# a test keeps them equal to the notebooks folder. Times: measured on a 2-core CPU.
COURSE_MAP: tuple[MapEntry, ...] = (
    MapEntry(
        "00_welcome_and_setup",
        "Welcome and setup",
        "run the course in JupyterLab, Colab or offline; profiles, data, widgets, exercises",
        "~15 s",
        "~15 s",
        "start",
    ),
    MapEntry(
        "01_startup_landscape",
        "The AI big-model startup landscape",
        "the articles' concept maps; demand, advantages and challenges; market and history claim "
        "checks; a runway model with platform and talent levers",
        "~15 s",
        "~15 s",
        "strategy",
    ),
    MapEntry(
        "02_strategy_in_numbers",
        "Strategy in numbers",
        "unit economics and what a valuation implies; top-down vs bottom-up market size; a data flywheel's "
        "tipping point; Bass diffusion fitted to smartphone adoption; team size and Monte Carlo schedules; "
        "a risk register and a Monte Carlo runway; the falling price of a token; the founders' lessons checked",
        "~15 s",
        "~20 s",
        "strategy",
    ),
    MapEntry(
        "03_big_model_economics",
        "The economics of big models",
        "6ND checked on GPT-3; GPU-hours, MFU and cost; Chinchilla-optimal size; inference cost and "
        "build-vs-buy; FLOP/s measured on your CPU; a cost calculator",
        "~20 s",
        "~20 s",
        "strategy",
    ),
    MapEntry(
        "04_gradient_descent",
        "Gradient descent, the math",
        "losses and derivatives checked against TensorFlow; descent on a curve and a 2-D surface; "
        "learning-rate regimes; linear regression three ways; SGD, momentum and Adam matched to Keras",
        "~20 s",
        "~20 s",
        "math",
    ),
    MapEntry(
        "05_neural_networks_from_scratch",
        "Neural networks from scratch",
        "article 001's 2-3-1 network: forward pass, backprop, gradient check, training, the same run "
        "in Keras; activations, stable softmax, vanishing gradients",
        "~25 s",
        "~25 s",
        "math",
    ),
    MapEntry(
        "06_cnn_lab",
        "CNN lab",
        "convolution by hand; output sizes and parameter counts; a kernel playground; the article CNNs "
        "on MNIST and CIFAR-10 measured honestly; an airbench-style recipe sized for a CPU that beats the 83.25% claim",
        "~1-1.5 min",
        "~12-26 min",
        "labs",
    ),
    MapEntry(
        "07_gan_lab",
        "GAN lab",
        "the GAN objective stated correctly; a 1-D GAN against the optimal discriminator; a DCGAN on "
        "MNIST with a slider over epochs; Inception-Score analogue, Fréchet distance and class shares",
        "~1-2 min",
        "~9-18 min",
        "labs",
    ),
    MapEntry(
        "08_text_classification_lab",
        "Text classification lab",
        "raw IMDB reviews to tensors; the article-004 Embedding model fixed for two classes; bag of "
        "bigrams; metrics by hand; embedding neighbours; a saved end-to-end model with a text box",
        "~45 s",
        "~1.5 min",
        "labs",
    ),
    MapEntry(
        "09_language_models",
        "Language models",
        "attention by hand checked against Keras; a word-level GPT pretrained on IMDB text vs count baselines; "
        "what pretraining is worth in labels; a compute-optimal frontier; a KV cache and the cost of serving",
        "~1-1.5 min",
        "~6-12 min",
        "labs",
    ),
    MapEntry(
        "10_model_to_product",
        "From model to product",
        "save and reload, a serving signature, latency and cost per million predictions, TFLite int8 "
        "quantisation, a model card, tf.distribute, the course scoreboard",
        "~45 s",
        "~1-2 min",
        "product",
    ),
)


def _slug(slug: object) -> str:
    """Return slug if it reads OWNER/NAME (a GitHub repository), else raise naming it."""
    if not isinstance(slug, str) or not re.fullmatch(r"[\w.-]+/[\w.-]+", slug):
        raise ValueError(f"slug must be a GitHub repository as OWNER/NAME, got {slug!r:.60}.")
    return slug


def _ref(ref: object) -> str:
    """Return ref if it is a plausible git ref (a tag or branch name), else raise naming it."""
    if not isinstance(ref, str) or not re.fullmatch(r"[\w.][\w./-]*", ref) or ".." in ref:
        raise ValueError(f"ref must be a git tag or branch name such as 'v1.0', got {ref!r:.60}.")
    return ref


def _notebook(notebook: object) -> str:
    """Return notebook if it is a notebook path relative to notebooks/ (`06_cnn_lab.ipynb`, `zh/...`)."""
    if (
        not isinstance(notebook, str)
        or not re.fullmatch(r"[\w.-]+(/[\w.-]+)*\.ipynb", notebook)
        or ".." in notebook.split("/")
    ):
        raise ValueError(
            f"notebook must be a notebook path under notebooks/ such as '06_cnn_lab.ipynb', got {notebook!r:.60}."
        )
    return notebook


def repo_url(slug: str = REPO_SLUG) -> str:
    """Return the git clone URL of the course repository."""
    return f"https://github.com/{_slug(slug)}.git"


def colab_url(notebook: str, slug: str = REPO_SLUG, ref: str = REPO_REF) -> str:
    """Return the Open-in-Colab URL of a notebook path relative to notebooks/ (`06_cnn_lab.ipynb`, `zh/...`)."""
    notebook, slug, ref = _notebook(notebook), _slug(slug), _ref(ref)
    return f"https://colab.research.google.com/github/{slug}/blob/{ref}/notebooks/{notebook}"


def badge_markdown(notebook: str, slug: str = REPO_SLUG, ref: str = REPO_REF) -> str:
    """Return the Markdown of the Open-in-Colab badge for a notebook file name."""
    return (
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"({colab_url(notebook, slug, ref)})"
    )


BADGE_RE = re.compile(r"^\[!\[Open In Colab\]\(https://colab\.research\.google\.com/assets/colab-badge\.svg\)\]\(.*\)$")


def _string(value: object, name: str, *, allow_empty: bool = False) -> str:
    """utils.validation.text, imported on use: this module stays importable without numpy."""
    from utils.validation import text

    return text(value, name, allow_empty=allow_empty)


def without_badge(source: str) -> str:
    """Return a title cell's source with any Colab badge line removed (and no run of blank lines)."""
    lines = [ln for ln in _string(source, "source", allow_empty=True).splitlines() if not BADGE_RE.match(ln.strip())]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def with_badge(source: str, notebook: str) -> str:
    """Return a title cell's source with the current Colab badge of `notebook` as its third line."""
    _string(source, "source")
    _notebook(_string(notebook, "notebook"))
    lines = without_badge(source).splitlines()
    lines[1:1] = ["", badge_markdown(notebook)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


def outputs_dir(root: Path | None = None) -> Path:
    """Return the git-ignored folder where notebooks write (created on demand)."""
    if root is not None:
        if not isinstance(root, (str, os.PathLike)) or not str(root).strip():
            raise TypeError(f"root must be the course folder (a path) or None, got {type(root).__name__} {root!r:.40}.")
        root = Path(root)
        if not root.is_dir():
            raise FileNotFoundError(f"root {root} is not a folder: give the course folder, or None for this course.")
    path = (root or ROOT) / "outputs"
    path.mkdir(parents=True, exist_ok=True)
    return path


SETUP_CELL_TITLE = "Setup: find the course, check this environment, print a report"

# Cell metadata that shows the Setup cell collapsed: a form in Colab, folded source in JupyterLab, a
# hidden input in the book (MyST-NB's tag). `scripts/notebooks.py sync` writes it with the source.
SETUP_CELL_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}, "tags": ["hide-input"]}

SETUP_CELL_TEMPLATE = """\
# @title {title} {{ display-mode: "form" }}
# The same in every notebook. COURSE_ROOT chooses the course folder; Colab clones the course at its pinned ref.
import os
import subprocess
import sys
from pathlib import Path

COURSE_REPO = "{repo_url}"
COURSE_REF = "{ref}"
# 1. Look for the course in COURSE_ROOT (or the current folder) and every folder above it.
given = os.environ.get("COURSE_ROOT", "").strip()
here = Path(given or Path.cwd()).expanduser().resolve()
searched = [here, *here.parents]
why = f"Start Jupyter inside your copy of {{COURSE_REPO}} (ref {{COURSE_REF}}), or set COURSE_ROOT to its folder."
if given:
    why = f"COURSE_ROOT is {{given}}: set it to the folder of your copy of the course, or unset it."
found = any((folder / "utils/course.py").is_file() for folder in searched)
# 2. In Colab, clone the course at its pinned ref (once; a later run reuses the clone).
if "google.colab" in sys.modules and not found and not given:
    clone = Path(os.environ.get("COURSE_CLONE_DIR", "/content/course"))
    url = os.environ.get("COURSE_REPO_URL", COURSE_REPO)
    searched = [clone]
    why = f"{{clone}} exists but holds no copy of the course: delete it (!rm -rf {{clone}}) and rerun this cell."
    if not clone.exists():
        git = ["git", "clone", "-q", "--depth=1", "--branch", COURSE_REF, url, str(clone)]
        failed = subprocess.run(git, capture_output=True, text=True).stderr
        error = " ".join(failed.split()) or "no message from git"
        why = f"Cloning {{url}} at ref {{COURSE_REF}} failed ({{error}}). Check the network and the ref, then rerun."
# 3. Import the course's utils package and let it check versions, profile and data, seed, and report.
root = next((folder for folder in searched if (folder / "utils/course.py").is_file()), None)
if root is None:
    raise SystemExit(f"Course not found in {{', '.join(map(str, searched))}}. {{why}}")
if str(root) not in sys.path:
    sys.path.insert(0, str(root))
import utils  # noqa: E402

utils.setup()"""


def setup_cell_source(slug: str = REPO_SLUG, ref: str = REPO_REF) -> str:
    """Return the source of the Setup cell every notebook starts with."""
    return SETUP_CELL_TEMPLATE.format(title=SETUP_CELL_TITLE, repo_url=repo_url(slug), ref=_ref(ref))
