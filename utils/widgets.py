"""Interactive controls bound to a plotting function, always with a static default view."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
from IPython.display import DisplayHandle, display
from matplotlib.figure import Figure

CONTROLS_METADATA = "course_controls"


def make_control(name: str, spec: Any) -> w.ValueWidget:
    """Build a widget from a spec: a widget, (min, max, step[, value]) tuple, list of options, or bool."""
    if not isinstance(name, str) or not name.isidentifier():
        raise TypeError(f"name must be the control's name, a Python identifier such as 'lr', got {name!r:.40}.")
    label = name.replace("_", " ")
    if isinstance(spec, w.ValueWidget):
        return spec
    if isinstance(spec, bool):
        return w.Checkbox(value=spec, description=label)
    if isinstance(spec, (list, tuple)) and spec and all(isinstance(s, str) for s in spec):
        return w.Dropdown(options=list(spec), value=spec[0], description=label)
    if (
        isinstance(spec, tuple)
        and len(spec) in (3, 4)
        and all(isinstance(s, (int, float)) and not isinstance(s, bool) for s in spec)
    ):
        low, high, step = spec[:3]
        value = spec[3] if len(spec) == 4 else low
        if not all(math.isfinite(s) for s in spec) or not low <= value <= high or step <= 0:
            raise ValueError(f"control {name!r}: need min <= value <= max and step > 0, got {spec}.")
        kind = w.IntSlider if all(isinstance(s, int) for s in spec) else w.FloatSlider
        return kind(
            min=low,
            max=high,
            step=step,
            value=value,
            description=label,
            continuous_update=False,
            style={"description_width": "initial"},
        )
    raise ValueError(
        f"control {name!r}: unsupported spec {spec!r}; use a widget, "
        "(min, max, step[, value]), a list of strings, or a bool."
    )


@dataclass
class Interactive:
    """The controls, the display handle of the figure, and the function that redraws it."""

    controls: w.Box
    handle: DisplayHandle | None
    plot: Callable[..., Figure]

    def values(self) -> dict[str, Any]:
        """Return the current value of every control by name."""
        return {c._course_name: c.value for c in self.controls.children}

    def redraw(self, *_: Any) -> Figure:
        """Draw the figure for the current values and update the displayed one."""
        fig = self.plot(**self.values())
        if not isinstance(fig, Figure):
            raise ValueError(
                f"plot must return a matplotlib Figure, got {type(fig).__name__}; end it with `return fig`."
            )
        if self.handle is not None:
            self.handle.update(fig)
        return fig

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(f"Interactive({', '.join(self.values())})")


def interact(plot: Callable[..., Figure], show: bool = True, **controls: Any) -> Interactive:
    """Show controls bound to plot(**values); the default view is drawn as a plain figure.

    The figure is an ordinary output, so it stays visible where widgets cannot run
    (nbval, GitHub, static viewers); in a live front end moving a control redraws it.
    """
    if not callable(plot):
        raise TypeError(f"plot must be a function that returns a matplotlib Figure, got {type(plot).__name__}.")
    if not isinstance(show, bool):
        raise TypeError(f"show must be True or False, got {show!r:.40}.")
    if not controls:
        raise ValueError("interact needs at least one control, e.g. lr=(0.01, 1.0, 0.01, 0.1).")
    widgets = []
    for name, spec in controls.items():
        control = make_control(name, spec)
        control._course_name = name
        widgets.append(control)
    box = w.HBox(widgets, layout=w.Layout(flex_flow="row wrap"))
    view = Interactive(box, None, plot)
    first = view.redraw()
    if show:
        # The controls, by label and starting value, also travel as output metadata: a static page
        # (the course book) names them next to the figure drawn for those values.
        display(box, metadata={CONTROLS_METADATA: [[c.description, str(c.value)] for c in widgets]})
        view.handle = display(first, display_id=True)
    for control in widgets:
        control.observe(view.redraw, names="value")
    return view
