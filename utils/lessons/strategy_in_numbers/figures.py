"""Figures of notebook 02 (strategy in numbers); each returns a matplotlib Figure, optionally saved."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from utils.lessons.strategy_in_numbers import helpers as h
from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import as_float_array, file_stem, finite_array, positive_int, real_number, sequence, text


def _mapping(value: object, name: str, kind: type | tuple[type, ...], what: str) -> None:
    """Reject anything but a non-empty mapping of text to `kind` (described as `what`)."""
    if not isinstance(value, Mapping) or not value:
        raise ValueError(f"{name} must be a non-empty dict {{name: {what}}}, got {value!r:.60}.")
    for key, item in value.items():
        text(key, f"a key of {name}")
        if not isinstance(item, kind):
            raise TypeError(f"{name}[{key!r}] must be {what}, got {type(item).__name__}.")


def plot_unit_economics(
    sizes: Sequence[float], price_per_million: float, mfu: float = 0.25, save: str | None = None
) -> Figure:
    """Draw serving cost per million tokens against the price for several model sizes, with the margin."""
    sizes = finite_array(sizes, "sizes (model sizes in parameters, e.g. [1e9, 8e9, 70e9])", ndim=1)
    if np.any(sizes <= 0):
        raise ValueError(f"sizes must be positive numbers of parameters, got {sizes.min():g}.")
    h.gross_margin(price_per_million, 0.0)  # validates the price before any figure is made
    save = file_stem(save)
    costs = np.array([h.serving_cost_per_million(n, mfu=mfu) for n in sizes])
    margins = [h.gross_margin(price_per_million, c) for c in costs]
    labels = [f"{n / 1e9:g}B" for n in sizes]
    fig, ax = new_figure(width=6.4, height=3.4)
    ax.bar(labels, costs, color=PALETTE[0], label="compute cost per million tokens")
    ax.axhline(price_per_million, color=PALETTE[3], ls="--", label=f"price US\\${price_per_million:g}")
    for i, (c, m) in enumerate(zip(costs, margins)):
        ax.text(i, c, f"margin {m:.0%}", ha="center", va="bottom", fontsize=8)
    ax.set(xlabel="model size (parameters)", ylabel="US\\$ per million tokens", yscale="log")
    ax.set_title("Gross margin per token (H100, teaching MFU)")
    ax.legend(fontsize=8, loc="upper left")
    return save_figure(fig, save)


def plot_market_sizing(estimates: Mapping[str, h.MarketSize], save: str | None = None) -> Figure:
    """Draw TAM, SAM and SOM of each estimate side by side on a log scale."""
    if isinstance(estimates, Mapping) and not estimates:
        raise ValueError("estimates is empty: give {name: MarketSize}.")
    _mapping(estimates, "estimates", h.MarketSize, "a MarketSize")
    for name, m in estimates.items():
        if min(m.tam, m.sam, m.som) <= 0:
            raise ValueError(f"estimates[{name!r}] must be positive on the log axis, got {m} (a share of 0?).")
    save = file_stem(save)
    fig, ax = new_figure(width=6.4, height=3.4)
    x = np.arange(3)
    width = 0.8 / len(estimates)
    for i, (name, m) in enumerate(estimates.items()):
        ax.bar(x + i * width, [m.tam, m.sam, m.som], width, color=PALETTE[i % len(PALETTE)], label=name)
    ax.set_xticks(x + width * (len(estimates) - 1) / 2, ["TAM", "SAM", "SOM"])
    ax.set(yscale="log", ylabel="US\\$ per year", title="Top-down and bottom-up market sizes")
    ax.legend(fontsize=8)
    return save_figure(fig, save)


def plot_flywheel(fw: h.Flywheel, starts: Sequence[float], months: int = 36, save: str | None = None) -> Figure:
    """Draw users over time from several starting points, with the tipping point marked."""
    starts = finite_array(starts, "starts (starting user counts)", ndim=1)
    if np.any(starts < 0):
        raise ValueError(f"starts must be user counts >= 0, got {starts.min():g}.")
    positive_int(months, "months", maximum=h.MAX_MONTHS)
    save = file_stem(save)
    threshold = h.flywheel_threshold(fw)
    fig, ax = new_figure(width=6.4, height=3.6)
    for i, s in enumerate(starts):
        users, _ = h.simulate_flywheel(fw, s, months)
        ax.plot(np.arange(months + 1), np.maximum(users, 1.0), color=PALETTE[i % len(PALETTE)], label=f"start {s:,.0f}")
    if np.isfinite(threshold) and threshold > 0:
        ax.axhline(threshold, color="0.3", ls="--", lw=1, label=f"tipping point {threshold:,.0f}")
    ax.set(
        yscale="log",
        xlabel="month",
        ylabel="active users",
        title="The data flywheel: below the tipping point it stalls",
    )
    ax.legend(fontsize=8)
    return save_figure(fig, save)


def plot_bass(
    years: Sequence[float], shares: Sequence[float], fit: h.BassFit, until: float, save: str | None = None
) -> Figure:
    """Draw observed adoption shares, the fitted Bass curve and the same curve with imitation q doubled."""
    years, shares = as_float_array(years, "years"), as_float_array(shares, "shares")
    if years.shape != shares.shape:
        raise ValueError(f"years and shares must have the same shape, got {years.shape} and {shares.shape}.")
    if not isinstance(fit, h.BassFit):
        raise TypeError(f"fit must be a BassFit from helpers.fit_bass, got {type(fit).__name__}.")
    until = real_number(until, "until", minimum=fit.start, strict=True)
    save = file_stem(save)
    grid = np.linspace(fit.start, until, 300)
    fig, ax = new_figure(width=6.4, height=3.6)
    ax.plot(years, shares * 100, "o", color=PALETTE[0], label="observed (Pew surveys)")
    ax.plot(grid, 100 * h.bass_cumulative(grid - fit.start, fit.p, fit.q, fit.m), color=PALETTE[1], label="Bass fit")
    doubled = 100 * h.bass_cumulative(grid - fit.start, fit.p, 2 * fit.q, fit.m)
    ax.plot(grid, doubled, color=PALETTE[2], ls="--", label="same, imitation q doubled")
    ax.axhline(50 * fit.m, color="0.5", lw=0.8, ls=":")
    ax.set(xlabel="year", ylabel="% of US adults", title=f"Smartphone adoption: p = {fit.p:.3f}, q = {fit.q:.3f}")
    ax.legend(fontsize=8)
    return save_figure(fig, save)


def plot_team(person_months: float, overhead: float, max_team: int = 30, save: str | None = None) -> Figure:
    """Draw delivery time and communication channels against team size."""
    n = np.arange(1, positive_int(max_team, "max_team", maximum=1000) + 1)
    months = h.delivery_months(n, person_months, overhead)
    best = h.best_team_size(overhead)
    save = file_stem(save)
    fig, (ax1, ax2) = new_figure(ncols=2, width=9.0, height=3.4)
    ax1.plot(n, np.where(np.isfinite(months), months, np.nan), color=PALETTE[0])
    if np.isfinite(best):  # no overhead: every extra person helps, so there is no fastest size
        ax1.axvline(best, color="0.4", ls="--", lw=1, label="fastest team")
    else:
        ax1.plot([], [], " ", label="no overhead: the more people, the sooner")
    ax1.set(
        xlabel="team size",
        ylabel="months to deliver",
        title=f"{person_months:g} person-months, overhead {overhead:.0%}",
    )
    ax1.legend(fontsize=8)
    ax2.plot(n, [h.communication_channels(int(k)) for k in n], color=PALETTE[1])
    ax2.set(xlabel="team size", ylabel="channels n(n-1)/2", title="Communication channels")
    return save_figure(fig, save)


def plot_distribution(
    samples: Sequence[float], marks: Mapping[str, float], xlabel: str, title: str, save: str | None = None
) -> Figure:
    """Draw a histogram of simulated outcomes with labelled vertical lines (P50, P90, plan...)."""
    x = finite_array(samples, "samples", ndim=1)
    if not isinstance(marks, Mapping):
        raise TypeError(f"marks must be a dict {{label: value}}, got {type(marks).__name__}.")
    for label, value in marks.items():
        text(label, "a label in marks")
        real_number(value, f"marks[{label!r}]")
    text(xlabel, "xlabel", allow_empty=True)
    text(title, "title", allow_empty=True)
    save = file_stem(save)
    fig, ax = new_figure(width=6.4, height=3.4)
    ax.hist(x, bins=40, color=PALETTE[0], alpha=0.7)
    for i, (label, value) in enumerate(marks.items()):
        ax.axvline(value, color=PALETTE[(i + 1) % len(PALETTE)], ls="--", label=f"{label}: {value:.1f}")
    ax.set(xlabel=xlabel, ylabel="simulated runs", title=title)
    if marks:
        ax.legend(fontsize=8)
    return save_figure(fig, save)


def plot_tornado(rows: Sequence[tuple[str, float, float]], centre: float, save: str | None = None) -> Figure:
    """Draw a tornado chart: one bar per input from its bad-end to its good-end runway."""
    if isinstance(rows, Sequence) and not isinstance(rows, str) and len(rows) == 0:
        raise ValueError("rows is empty: give (name, low, high) tuples, e.g. from helpers.tornado().")
    rows = sequence(rows, "rows")
    for i, row in enumerate(rows):
        if not isinstance(row, (tuple, list)) or len(row) != 3:
            raise ValueError(f"rows[{i}] must be (name, low, high), got {row!r:.60}.")
        text(row[0], f"the name in rows[{i}]")
        low = real_number(row[1], f"low of rows[{i}] {row[0]!r}")
        high = real_number(row[2], f"high of rows[{i}] {row[0]!r}")
        if low > high:
            raise ValueError(f"rows[{i}] {row[0]!r}: low ({low:g}) must not exceed high ({high:g}).")
    real_number(centre, "centre")
    save = file_stem(save)
    fig, ax = new_figure(width=7.0, height=0.45 * len(rows) + 1.2)
    for i, (name, low, high) in enumerate(reversed(rows)):
        ax.barh(i, high - low, left=low, color=PALETTE[3] if name.startswith("risk") else PALETTE[0])
    ax.set_yticks(range(len(rows)), [r[0] for r in reversed(rows)], fontsize=8)
    ax.axvline(centre, color="0.3", lw=1)
    ax.set(xlabel="months of runway (capped at the horizon)", title="Which assumption moves the runway most")
    return save_figure(fig, save)


def plot_cost_decline(
    series: Mapping[str, tuple[Sequence[float], Sequence[float]]],
    fits: Mapping[str, h.DeclineFit],
    save: str | None = None,
) -> Figure:
    """Draw price series on a log scale with their fitted exponential declines."""
    if isinstance(series, Mapping) and not series:
        raise ValueError("series is empty: give {name: (years, prices)}.")
    _mapping(series, "series", (tuple, list), "a (years, prices) pair")
    save = file_stem(save)
    for name, pair in series.items():
        if len(pair) != 2:
            raise ValueError(f"series[{name!r}] must be (years, prices), got {len(pair)} items.")
        years, prices = (
            finite_array(pair[0], f"series[{name!r}] years", ndim=1),
            finite_array(pair[1], f"series[{name!r}] prices", ndim=1),
        )
        if years.shape != prices.shape:
            raise ValueError(f"series[{name!r}] needs as many years as prices, got {years.size} and {prices.size}.")
        if np.any(prices <= 0):
            raise ValueError(f"series[{name!r}] prices must be positive on the log price axis, got {prices.min():g}.")
    if not isinstance(fits, Mapping):
        raise TypeError(f"fits must be a dict {{name: DeclineFit}}, got {type(fits).__name__}.")
    for name, fit in fits.items():
        if name not in series:
            raise ValueError(f"fits[{name!r}] has no series of that name; series has {sorted(series)}.")
        if not isinstance(fit, h.DeclineFit):
            raise TypeError(f"fits[{name!r}] must be a DeclineFit from helpers.fit_decline, got {type(fit).__name__}.")
    fig, ax = new_figure(width=6.4, height=3.6)
    for i, (name, (years, prices)) in enumerate(series.items()):
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(years, prices, "o", color=colour, label=name)
        if name in fits:
            grid = np.linspace(min(years), max(years), 50)
            f = fits[name]
            ax.plot(grid, f.price(grid), "-", color=colour, label=f"fit: {f.decline_per_year:.0%} cheaper a year")
    ax.set(yscale="log", xlabel="year", ylabel="US\\$ per million tokens", title="The price of a token over time")
    ax.legend(fontsize=8)
    return save_figure(fig, save)
