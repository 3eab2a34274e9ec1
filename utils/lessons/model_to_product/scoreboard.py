"""The course scoreboard: what each lab measured, next to references and the articles' claims."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import file_stem, mapping, non_negative_number, real_number, sequence, text

NOT_RUN = "not run yet"
CHART_CAP = 250.0  # bars longer than this (% of the reference) are cut and hatched

# The labs whose results the scoreboard expects (stem, title). Any other results file found
# (e.g. notebook 03's measurements) is shown as well.
LABS: tuple[tuple[str, str], ...] = (
    ("06_cnn_lab", "CNN lab"),
    ("07_gan_lab", "GAN lab"),
    ("08_text_classification_lab", "Text classification lab"),
    ("09_language_models", "Language models"),
    ("10_model_to_product", "From model to product"),
)


@dataclass(frozen=True)
class ArticleClaim:
    """A result an article reports, and the one recorded figure that can test it.

    The figure is named explicitly; it gives a verdict only when it was measured on the same
    split with the same training length (epochs, batch, training-split size) as the claim.
    `figure` is empty when no figure of the course measures the same thing (then `note` says why).
    """

    notebook: str
    article: str
    what: str
    value: float
    unit: str
    figure: str
    split: str
    epochs: int | None = None
    batch: int | None = None
    train_examples: int | None = None
    note: str = ""


ARTICLE_CLAIMS: tuple[ArticleClaim, ...] = (
    ArticleClaim(
        "06_cnn_lab",
        "001 §5.4",
        "CIFAR-10 test accuracy of the article's own small CNN after 20 epochs of batch 64 "
        "(50,000 training images, 20% held out)",
        0.8325,
        "accuracy",
        figure="cifar_article_cnn_test_accuracy",
        split="test",
        epochs=20,
        batch=64,
        train_examples=50000,
        note="only the full profile trains this CNN as the article does; the quick one uses a subset",
    ),
    ArticleClaim(
        "06_cnn_lab",
        "003 §5.4",
        "MNIST accuracy of the article's CNN after 5 epochs of batch 32, printed as 'test accuracy'; "
        "its own log shows it is the last epoch's training accuracy",
        0.9927,
        "accuracy",
        figure="mnist_article_cnn_final_train_accuracy",
        split="training",
        epochs=5,
        batch=32,
        train_examples=60000,
        note="compared with our training accuracy only for the same epochs and batch; never with a test figure",
    ),
    ArticleClaim(
        "08_text_classification_lab",
        "004 §5.4",
        "training accuracy of the article's Embedding model after 10 epochs (printed log; dataset not named)",
        0.4123,
        "accuracy",
        figure="",
        split="training",
        epochs=10,
        batch=32,
        note="unverifiable and internally inconsistent: no dataset or class count is given, 1875 steps x 32 = "
        "60,000 examples (MNIST's size, not IMDB's 25,000); no figure of this course measures the same thing",
    ),
)

UNVERIFIABLE = "unverifiable: no comparable figure (see the note)"


def as_fraction(value: float, unit: str) -> float:
    """Return an accuracy-like value as a fraction (83.25 with unit '%' becomes 0.8325)."""
    value = real_number(value, "value")
    unit = _unit(unit).lower()
    return value / 100.0 if ("%" in unit or "percent" in unit) else value


def _unit(unit: Any) -> str:
    """Return a unit as text ('' for None); TypeError for anything else."""
    return "" if unit is None else text(unit, "unit", allow_empty=True)


def _claim(claim: Any) -> ArticleClaim:
    if not isinstance(claim, ArticleClaim):
        raise TypeError(f"claim must be an ArticleClaim, got {type(claim).__name__}.")
    return claim


SCOREBOARD_KEYS = ("notebook", "title", "figure", "value", "unit", "reference", "reference_label", "profile", "status")
CLAIM_KEYS = ("notebook", "article", "what", "claimed", "unit", "figure", "measured", "profile", "comparable", "status")


def _rows(rows: Any, name: str, keys: Sequence[str], source: str) -> Sequence[Mapping[str, Any]]:
    """Return rows if it is a sequence of dicts holding `keys` (as `source` returns), else raise."""
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Sequence):
        raise TypeError(f"{name} must be the list {source} returns, got {type(rows).__name__}.")
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(f"{name}[{i}] must be a dict from {source}, got {type(row).__name__}.")
        missing = [k for k in keys if k not in row]
        if missing:
            raise ValueError(f"{name}[{i}] lacks the keys {missing}; pass {source} output.")
    return rows


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_results(results: Mapping[str, Any]) -> None:
    if not isinstance(results, Mapping):
        raise ValueError(f"results must be the dict load_results() returns, got {type(results).__name__}.")
    for stem, payload in results.items():
        if not isinstance(payload, Mapping) or not isinstance(payload.get("figures"), Mapping):
            raise ValueError(f"results[{stem!r}] has no 'figures' dict; pass load_results() output.")


def _labs(labs: Any) -> Sequence[tuple[str, str]]:
    labs = sequence(labs, "labs", allow_empty=True)
    for i, lab in enumerate(labs):
        if not isinstance(lab, (tuple, list)) or len(lab) != 2 or not all(isinstance(part, str) for part in lab):
            raise ValueError(f"labs[{i}] must be a (notebook stem, title) pair of strings, got {lab!r:.60}.")
    return labs


def scoreboard_rows(results: Mapping[str, Any], labs: Sequence[tuple[str, str]] = LABS) -> list[dict[str, Any]]:
    """Return one row per recorded figure, and a 'not run yet' row for each expected lab with none."""
    _check_results(results)
    labs = _labs(labs)
    titles = dict(labs)
    order = [stem for stem, _ in labs] + sorted(s for s in results if s not in titles)
    rows: list[dict[str, Any]] = []
    for stem in order:
        payload = results.get(stem)
        figures = payload["figures"] if payload else {}
        if not figures:
            rows.append(
                {
                    "notebook": stem,
                    "title": titles.get(stem, stem),
                    "figure": "",
                    "value": None,
                    "unit": "",
                    "reference": None,
                    "reference_label": "",
                    "source": "",
                    "higher_is_better": True,
                    "profile": "",
                    "status": NOT_RUN,
                }
            )
            continue
        for name, entry in figures.items():
            rows.append(
                {
                    "notebook": stem,
                    "title": titles.get(stem, stem),
                    "figure": name,
                    "value": entry.get("value"),
                    "unit": entry.get("unit", ""),
                    "reference": entry.get("reference"),
                    "reference_label": entry.get("reference_label", ""),
                    "source": entry.get("source", ""),
                    "higher_is_better": bool(entry.get("higher_is_better", True)),
                    "profile": payload.get("profile", ""),
                    "status": "measured",
                }
            )
    return rows


def find_claim_figure(claim: ArticleClaim, results: Mapping[str, Any]) -> tuple[str, dict] | None:
    """Return (figure name, entry) of the figure the claim names, or None if it was not recorded."""
    _claim(claim)
    _check_results(results)
    if not claim.figure or claim.notebook not in results:
        return None
    entry = results[claim.notebook]["figures"].get(claim.figure)
    return (claim.figure, entry) if isinstance(entry, Mapping) and _finite(entry.get("value")) else None


def _training(split: str, epochs: Any, batch: Any, examples: Any) -> str:
    parts = [f"{split or 'unknown'} split", f"{epochs or '?'} epochs", f"batch {batch or '?'}"]
    parts.append(f"{examples:,} training images" if isinstance(examples, int) else "? training images")
    return ", ".join(parts)


def comparability(claim: ArticleClaim, entry: Mapping[str, Any], profile: str) -> str:
    """Return '' when the figure was measured like the claim, else why it cannot give a verdict."""
    _claim(claim)
    if not isinstance(entry, Mapping):
        raise TypeError(f"entry must be a recorded figure's dict, got {type(entry).__name__}.")
    text(profile, "profile", allow_empty=True)
    keys = ("split", "epochs", "batch", "train_examples")
    ours = [entry.get(k) for k in keys]
    theirs = [claim.split, claim.epochs, claim.batch, claim.train_examples]
    if all(t is None or o == t for o, t in zip(ours, theirs)):
        return ""
    how = f"measured on {_training(*ours)}; the claim is for {_training(*theirs)}"
    if profile == "quick":
        return f"not tested in the quick profile ({how}): a subset run gives no verdict on this claim"
    return f"not comparable ({how})"


def claim_rows(results: Mapping[str, Any], claims: Sequence[ArticleClaim] = ARTICLE_CLAIMS) -> list[dict[str, Any]]:
    """Return one row per article claim with the figure that tests it, and a verdict only when comparable."""
    _check_results(results)
    claims = sequence(claims, "claims", allow_empty=True)
    for i, claim in enumerate(claims):
        if not isinstance(claim, ArticleClaim):
            raise TypeError(f"claims[{i}] must be an ArticleClaim, got {type(claim).__name__}.")
    rows = []
    for claim in claims:
        row = {
            "notebook": claim.notebook,
            "article": claim.article,
            "what": claim.what,
            "claimed": claim.value,
            "unit": claim.unit,
            "figure": claim.figure,
            "measured": None,
            "profile": "",
            "comparable": False,
            "note": claim.note,
        }
        if not claim.figure:
            row["status"] = UNVERIFIABLE
        elif claim.notebook not in results or not results[claim.notebook].get("figures"):
            row["status"] = NOT_RUN
        else:
            found = find_claim_figure(claim, results)
            if found is None:
                row["status"] = f"figure {claim.figure} not recorded"
            else:
                entry = found[1]
                row["profile"] = results[claim.notebook].get("profile", "")
                row["measured"] = as_fraction(float(entry["value"]), entry.get("unit", ""))
                why_not = comparability(claim, entry, row["profile"])
                row["comparable"] = not why_not
                row["status"] = why_not or claim_verdict(row["measured"], claim.value)
        rows.append(row)
    return rows


def claim_verdict(measured: float, claimed: float, tolerance: float = 0.005) -> str:
    """Say whether a measured fraction reproduces a claimed one (within `tolerance`), or how far off it is."""
    tolerance = non_negative_number(tolerance, "tolerance")
    gap = real_number(measured, "measured") - real_number(claimed, "claimed")
    if abs(gap) <= tolerance:
        return f"holds (within {tolerance * 100:g} points)"
    if gap > 0:
        return f"does not hold: measured higher ({gap * 100:+.1f} points)"
    return f"does not hold: measured lower ({gap * 100:+.1f} points)"


def format_value(value: Any, unit: str = "") -> str:
    """Format a recorded value with its unit for a table ('—' when there is none)."""
    unit = _unit(unit)
    if value is None:
        return "—"
    value = real_number(value, "value", allow_infinity=True)
    if not math.isfinite(value):
        return f"{value} {unit}".strip()
    if unit.lower() in ("accuracy", "fraction"):
        return f"{100 * value:.2f}%"
    if abs(value) >= 1e4:
        text = f"{value:,.0f}"
    elif value != 0 and abs(value) < 1e-3:
        text = f"{value:.3g}"
    else:
        text = f"{value:,.4g}"
    return f"{text} {unit}".strip()


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_table(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> str:
    """Return a Markdown table of rows; columns maps a row key to its header."""
    if isinstance(columns, Mapping) and not columns:
        raise ValueError("columns is empty: give {row key: header}.")
    mapping(columns, "columns")
    for key, header in columns.items():
        text(header, f"columns[{key!r}]", allow_empty=True)
    rows = sequence(rows, "rows", allow_empty=True)
    for i, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise TypeError(f"rows[{i}] must be a dict {{column key: value}}, got {type(row).__name__}.")
    lines = ["| " + " | ".join(_cell(h) for h in columns.values()) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        missing = [k for k in columns if k not in row]
        if missing:
            raise ValueError(f"rows: the row {dict(row)!r:.80} lacks the columns {missing}.")
        lines.append("| " + " | ".join(_cell(row[k]) for k in columns) + " |")
    return "\n".join(lines)


def scoreboard_markdown(rows: Sequence[Mapping[str, Any]]) -> str:
    """Return the scoreboard rows as a Markdown table with formatted values."""
    _rows(rows, "rows", SCOREBOARD_KEYS, "scoreboard_rows()")
    shown = []
    for row in rows:
        if row["status"] == NOT_RUN:
            shown.append(
                {
                    "lab": f"{row['notebook'][:2]} · {row['title']}",
                    "figure": f"*{NOT_RUN}*",
                    "measured": "—",
                    "reference": "—",
                    "profile": "—",
                }
            )
            continue
        ref = format_value(row["reference"], row["unit"])
        if row["reference_label"]:
            ref = f"{ref} ({row['reference_label']})" if ref != "—" else row["reference_label"]
        shown.append(
            {
                "lab": f"{row['notebook'][:2]} · {row['title']}",
                "figure": row["figure"],
                "measured": format_value(row["value"], row["unit"]),
                "reference": ref,
                "profile": row["profile"],
            }
        )
    return markdown_table(
        shown,
        {"lab": "Lab", "figure": "Figure", "measured": "Measured", "reference": "Reference", "profile": "Profile"},
    )


def claims_markdown(rows: Sequence[Mapping[str, Any]]) -> str:
    """Return the claim rows as a Markdown table."""
    _rows(rows, "rows", CLAIM_KEYS, "claim_rows()")
    shown = [
        {
            "article": r["article"],
            "what": r["what"],
            "claimed": format_value(r["claimed"], r["unit"]),
            "measured": (
                format_value(r["measured"], r["unit"]) + f" (`{r['figure']}`, {r['profile']})"
                if r["measured"] is not None
                else "—"
            ),
            "status": r["status"],
        }
        for r in rows
    ]
    return markdown_table(
        shown,
        {"article": "Article", "what": "Claim", "claimed": "Claimed", "measured": "Measured here", "status": "Verdict"},
    )


def plot_scoreboard(
    rows: Sequence[Mapping[str, Any]],
    claims: Sequence[Mapping[str, Any]] = (),
    title: str = "Course scoreboard: measured as % of the reference",
    save: str | None = None,
) -> Figure:
    """Bar per figure: measured as a percentage of its reference (or of the article's claim).

    Green bars meet or beat the reference in the figure's own direction (higher or lower
    is better); bars beyond CHART_CAP % are cut (hatched) and labelled with their value;
    labs that have not run yet get a grey 'not run yet' label and no bar.
    """
    _rows(rows, "rows", SCOREBOARD_KEYS, "scoreboard_rows()")
    _rows(claims, "claims", CLAIM_KEYS, "claim_rows()")
    text(title, "title", allow_empty=True)
    save = file_stem(save)
    items: list[tuple[str, float | None, bool | None]] = []
    for row in rows:
        label = f"{row['notebook'][:2]} {row['figure']}" if row["figure"] else f"{row['notebook'][:2]} {row['title']}"
        if row["status"] == NOT_RUN:
            items.append((label, None, None))
        elif _finite(row["value"]) and _finite(row["reference"]) and row["reference"] != 0:
            ratio = 100.0 * row["value"] / row["reference"]
            good = ratio >= 100.0 if row["higher_is_better"] else ratio <= 100.0
            versus = (row["reference_label"] or "reference")[:40]
            items.append((f"{label}\nvs {versus}", ratio, good))
    for claim in claims:
        label = f"{claim['notebook'][:2]} article {claim['article']} claim"
        if claim["measured"] is None or not claim["comparable"]:
            if claim["status"] == NOT_RUN:
                items.append((label, None, None))
            continue  # a figure measured differently from the claim gets no bar
        ratio = 100.0 * claim["measured"] / claim["claimed"]
        good = claim["measured"] >= claim["claimed"] - 0.005
        items.append((f"{label}\n({claim['figure'][:40]})", ratio, good))
    if not items:
        raise ValueError("rows and claims give nothing to draw: no figure has a reference and no lab is listed.")
    height = 0.42 * len(items) + 1.2
    fig, ax = new_figure(width=8.5, height=height)
    y = np.arange(len(items))
    for i, (_, ratio, good) in enumerate(items):
        if ratio is None:
            ax.text(2, i, NOT_RUN, va="center", ha="left", color="0.45", style="italic", fontsize=8)
            continue
        colour = PALETTE[2] if good else PALETTE[1]
        shown = min(ratio, CHART_CAP)
        ax.barh(i, shown, color=colour, alpha=0.85, hatch="//" if ratio > CHART_CAP else None)
        ax.text(shown + 1, i, f"{ratio:.0f}%" + (" (cut)" if ratio > CHART_CAP else ""), va="center", fontsize=8)
    ax.axvline(100, color="0.3", ls="--", lw=1)
    ax.set_yticks(y, [label for label, _, _ in items], fontsize=7)
    ax.set_ylim(len(items) - 0.5, -0.5)  # first row on top, no row clipped
    finite = [min(r, CHART_CAP) for _, r, _ in items if r is not None]
    ax.set_xlim(0, max([120.0] + [r * 1.2 for r in finite]))
    ax.set(xlabel="measured / reference (%); dashed line = reference", title=title)
    ax.grid(alpha=0.3, axis="x")
    return save_figure(fig, save)
