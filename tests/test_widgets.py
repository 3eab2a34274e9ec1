import re

import ipywidgets as w
import pytest
from matplotlib.figure import Figure

from utils import plots, widgets


def line_plot(slope: float = 1.0, style: str = "-", grid: bool = False) -> Figure:
    fig, ax = plots.new_figure()
    ax.plot([0, 1], [0, slope], style)
    ax.grid(grid)
    return fig


def test_make_control_kinds():
    assert isinstance(widgets.make_control("n", (1, 10, 1, 3)), w.IntSlider)
    assert isinstance(widgets.make_control("lr", (0.0, 1.0, 0.1, 0.5)), w.FloatSlider)
    assert isinstance(widgets.make_control("style", ["-", "--"]), w.Dropdown)
    assert isinstance(widgets.make_control("grid", True), w.Checkbox)
    text = w.Text(value="hi")
    assert widgets.make_control("t", text) is text


@pytest.mark.parametrize(
    "spec, message",
    [
        ((0, 1, 1, 5), "min <= value <= max"),
        ((0, 1, 0), "step > 0"),
        ({"a": 1}, "unsupported spec"),
        ("text", "unsupported spec"),
    ],
)
def test_make_control_bad_specs(spec, message):
    with pytest.raises(ValueError, match=message):
        widgets.make_control("x", spec)


def test_interact_draws_default_and_redraws_on_change():
    calls = []

    def plot(slope, style):
        calls.append((slope, style))
        return line_plot(slope, style)

    view = widgets.interact(plot, show=False, slope=(0.0, 2.0, 0.5, 1.0), style=["-", "--"])
    assert calls == [(1.0, "-")]
    view.controls.children[0].value = 2.0
    assert calls[-1] == (2.0, "-")
    assert view.values() == {"slope": 2.0, "style": "-"}


def test_interact_needs_controls_and_figures():
    with pytest.raises(ValueError, match="at least one control"):
        widgets.interact(line_plot, show=False)
    with pytest.raises(ValueError, match="must return a matplotlib Figure"):
        widgets.interact(lambda slope: None, show=False, slope=(0.0, 1.0, 0.1))


# Widget classes that exist, with the arguments the course passes, in both ipywidgets 7.8 and 8.1
# (checked by running this file's tests under ipywidgets 7.8.5 and 8.1.9). Colab has shipped
# ipywidgets 7, and the course never upgrades it, so code must stay within this set.
IPYWIDGETS_7_AND_8 = {
    *("ValueWidget", "Box", "HBox", "VBox", "Layout", "Checkbox", "Dropdown", "IntSlider", "FloatSlider"),
    *("Text", "Textarea", "Output", "Button", "Label", "HTML", "IntText", "FloatText", "ToggleButtons"),
    *("RadioButtons", "SelectionSlider"),
}


def test_course_uses_only_widgets_that_ipywidgets_7_and_8_share(root):
    sources = [root / "utils" / "widgets.py", *sorted((root / "notebooks").glob("*.ipynb"))]
    used = {name for path in sources for name in re.findall(r"\bw\.([A-Z]\w+)", path.read_text(encoding="utf-8"))}
    assert used, "found no widget classes: the pattern is stale"
    assert used <= IPYWIDGETS_7_AND_8, (
        f"not in both ipywidgets 7 and 8 (or not yet checked): {used - IPYWIDGETS_7_AND_8}"
    )
    assert all(hasattr(w, name) for name in used)
