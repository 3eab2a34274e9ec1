"""Figures for notebook 01 (the startup landscape): the runway chart."""

from __future__ import annotations

from collections.abc import Mapping

from matplotlib.figure import Figure

from utils.lessons.startup_landscape.helpers import (
    StartupAssumptions,
    _horizon,
    check_scenarios,
    simulate_runway,
)
from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import file_stem, text


def plot_runway(
    scenarios: Mapping[str, StartupAssumptions],
    horizon_months: int = 48,
    title: str = "Runway: cash left each month (a teaching model)",
    save: str | None = None,
) -> Figure:
    """Draw cash (left) and monthly net burn (right) for named scenarios; mark where cash runs out."""
    scenarios = check_scenarios(scenarios)
    title, save = text(title, "title", allow_empty=True), file_stem(save)
    horizon_months = _horizon(horizon_months)
    fig, (ax_cash, ax_burn) = new_figure(ncols=2, width=10.0, height=4.0)
    for i, (name, a) in enumerate(scenarios.items()):
        result = simulate_runway(a, horizon_months)
        colour = PALETTE[i % len(PALETTE)]
        label = f"{name}: {result.describe()}"
        ax_cash.plot(result.months, result.cash / 1e6, color=colour, lw=2, label=label)
        if result.ran_out:
            ax_cash.plot([result.runway_months], [0], "X", color=colour, ms=9)
        ax_burn.plot(result.months, result.net_burn / 1e3, color=colour, lw=2, label=name)
        ax_burn.axvline(a.months_to_launch + 0.5, color=colour, ls=":", lw=1)
    lowest = min(simulate_runway(a, horizon_months).cash.min() for a in scenarios.values()) / 1e6
    floor = min(max(lowest, -2.0) - 0.2, -0.3)
    ax_cash.axhline(0, color="0.3", lw=1)
    ax_cash.axhspan(floor, 0, color=PALETTE[3], alpha=0.08, lw=0)
    ax_cash.text(
        1, floor / 2, "below zero: money that would still have to be raised", fontsize=7, va="center", color="0.3"
    )
    ax_cash.set_ylim(floor, None)
    ax_cash.set(xlabel="month", ylabel="cash at month end (US\\$ millions)", title="Cash")
    ax_burn.axhline(0, color="0.3", lw=1)
    ax_burn.set(
        xlabel="month (dotted: launch)",
        ylabel="net burn (US\\$ thousands per month)",
        title="Net burn = costs - gross profit",
    )
    for ax in (ax_cash, ax_burn):
        ax.grid(alpha=0.3)
        ax.set_xlim(0, horizon_months)
    fig.legend(*ax_cash.get_legend_handles_labels(), loc="outside lower center", fontsize=8, ncols=1, frameon=False)
    fig.suptitle(title)
    return save_figure(fig, save)
