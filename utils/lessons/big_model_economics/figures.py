"""Figures for notebook 03 (the economics of big models): cost against size, compute-optimal sizes, break-even."""

from __future__ import annotations

import math

import numpy as np
from matplotlib.figure import Figure

from utils.lessons.big_model_economics.helpers import (
    CHINCHILLA_PARAMS,
    CHINCHILLA_TOKENS,
    GOPHER_PARAMS,
    GOPHER_TOKENS,
    GPT3_PARAMS,
    GPT3_TOKENS,
    TOKENS_PER_PARAM,
    Gpu,
    _gpu,
    _money,
    _positive,
    break_even_volume,
    compute_optimal,
    estimate_training,
    self_host_monthly_cost,
    training_flops,
)
from utils.plots import PALETTE, new_figure, save_figure
from utils.validation import file_stem


def plot_cost_vs_size(
    gpu: str | Gpu = "H100", mfu: float = 0.4, price_per_hour: float | None = None, save: str | None = None
) -> Figure:
    """Log-log: training cost against model size, compute-optimal (D = 20 N) vs a fixed 300B tokens."""
    chip = _gpu(gpu)
    estimate_training(1e9, 1e9, chip, mfu, price_per_hour)  # validates mfu and the price before drawing
    save = file_stem(save)
    sizes = np.logspace(8, 12, 50)
    optimal = [estimate_training(n, TOKENS_PER_PARAM * n, chip, mfu, price_per_hour).cost for n in sizes]
    fixed = [estimate_training(n, GPT3_TOKENS, chip, mfu, price_per_hour).cost for n in sizes]
    fig, ax = new_figure(width=7.5, height=4.4)
    ax.loglog(sizes, optimal, color=PALETTE[0], lw=2, label="compute-optimal: D = 20 N tokens")
    ax.loglog(sizes, fixed, color=PALETTE[1], lw=2, ls="--", label="fixed data: D = 300B tokens")
    for name, n, d, colour in (
        ("GPT-3", GPT3_PARAMS, GPT3_TOKENS, PALETTE[3]),
        ("Chinchilla", CHINCHILLA_PARAMS, CHINCHILLA_TOKENS, PALETTE[2]),
    ):
        cost = estimate_training(n, d, chip, mfu, price_per_hour).cost
        ax.plot([n], [cost], "o", color=colour, ms=8)
        ax.annotate(f"{name}\n{_money(cost)}", (n, cost), textcoords="offset points", xytext=(8, -22), fontsize=8)
    price = chip.price_per_hour if price_per_hour is None else price_per_hour
    ax.set(
        xlabel="model size N (parameters)",
        ylabel="training cost (US\\$)",
        title=f"Training cost on {chip.name} at {mfu:.0%} MFU and US\\${price:.2f}/GPU-hour",
    )
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left")
    return save_figure(fig, save)


def plot_compute_optimal(save: str | None = None) -> Figure:
    """Log-log: the compute-optimal N and D against the budget C, with GPT-3, Gopher, Chinchilla."""
    save = file_stem(save)
    budgets = np.logspace(19, 26, 60)
    ns = np.array([compute_optimal(c)[0] for c in budgets])
    fig, ax = new_figure(width=7.5, height=4.4)
    ax.loglog(budgets, ns, color=PALETTE[0], lw=2, label="optimal parameters N = sqrt(C / 120)")
    ax.loglog(budgets, TOKENS_PER_PARAM * ns, color=PALETTE[1], lw=2, label="optimal tokens D = 20 N")
    for name, n, d, colour, offset in (
        ("GPT-3", GPT3_PARAMS, GPT3_TOKENS, PALETTE[3], (-34, -12)),
        ("Gopher", GOPHER_PARAMS, GOPHER_TOKENS, PALETTE[4], (8, 2)),
        ("Chinchilla", CHINCHILLA_PARAMS, CHINCHILLA_TOKENS, PALETTE[2], (8, -10)),
    ):
        c = training_flops(n, d)
        ax.plot([c], [n], "o", color=colour, ms=7)
        ax.plot([c], [d], "s", color=colour, ms=7)
        ax.annotate(name, (c, n), textcoords="offset points", xytext=offset, fontsize=8, color=colour)
    ax.set(
        xlabel="training budget C (FLOPs)",
        ylabel="parameters (circles) / tokens (squares)",
        title="Compute-optimal model size and data for a budget (Chinchilla rule)",
    )
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left")
    return save_figure(fig, save)


def plot_break_even(
    fixed_monthly: float,
    self_cost_per_million: float,
    api_price_per_million: float,
    floor_monthly: float = 0.0,
    save: str | None = None,
) -> Figure:
    """Log-log: monthly cost of an API and of self-hosting against monthly volume, break-even marked."""
    v = break_even_volume(fixed_monthly, self_cost_per_million, api_price_per_million, floor_monthly)  # validates
    save = file_stem(save)
    volumes = np.logspace(1, 6, 200)  # 10 million to 1 trillion tokens a month
    api = api_price_per_million * volumes
    own = self_host_monthly_cost(volumes, fixed_monthly, self_cost_per_million, floor_monthly)
    fig, ax = new_figure(width=7.5, height=4.4)
    ax.loglog(volumes, api, color=PALETTE[0], lw=2, label=f"API at US\\${api_price_per_million:.2f} per million tokens")
    ax.loglog(volumes, own, color=PALETTE[1], lw=2, label="self-hosted: fixed + GPU bill")
    if math.isfinite(v) and volumes[0] <= v <= volumes[-1]:
        ax.axvline(v, color="0.4", ls=":")
        ax.annotate(
            f"break-even\n{v / 1e3:,.1f}B tokens/month",
            (v, api_price_per_million * v),
            textcoords="offset points",
            xytext=(8, -30),
            fontsize=8,
        )
    ax.set(
        xlabel="volume (millions of tokens per month)",
        ylabel="cost per month (US\\$)",
        title="Build or buy: who serves your tokens more cheaply?",
    )
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left")
    return save_figure(fig, save)


def plot_training_calculator(
    params_billion: float,
    tokens_billion: float,
    gpu: str = "A100",
    mfu: float = 0.4,
    price_per_hour: float = 2.0,
    n_gpus: int = 1024,
    save: str | None = None,
) -> Figure:
    """Cost against training tokens for one model size; the chosen run and the 20-tokens point marked."""
    n = _positive("params_billion", params_billion) * 1e9
    d = _positive("tokens_billion", tokens_billion) * 1e9
    chip = _gpu(gpu)
    run = estimate_training(n, d, chip, mfu, price_per_hour)
    days = run.days_on(n_gpus)  # validates n_gpus: a whole number of GPUs
    save = file_stem(save)
    low, high = sorted((d, TOKENS_PER_PARAM * n))
    tokens = np.logspace(np.log10(low) - 1, np.log10(high) + 1, 60)
    costs = [estimate_training(n, t, chip, mfu, price_per_hour).cost for t in tokens]
    fig, ax = new_figure(width=8.0, height=4.2)
    ax.loglog(tokens, costs, color=PALETTE[0], lw=2, label=f"{params_billion:g}B parameters")
    ax.plot([d], [run.cost], "o", color=PALETTE[3], ms=9, label="your run")
    ax.axvline(TOKENS_PER_PARAM * n, color=PALETTE[2], ls=":", label="20 tokens per parameter")
    text = (
        f"C = 6 N D = {run.flops:.3g} FLOPs\n"
        f"{run.gpu_hours:,.0f} GPU-hours on {chip.name}\n"
        f"= {days:,.1f} days on {n_gpus:,} GPUs\n"
        f"cost {_money(run.cost)} at US\\${run.price_per_hour:.2f}/GPU-hour"
    )
    ax.text(
        0.98,
        0.04,
        text,
        transform=ax.transAxes,
        ha="right",
        va="bottom",
        fontsize=9,
        bbox={"boxstyle": "round", "fc": "white", "ec": "0.7"},
    )
    ax.set(
        xlabel="training tokens D",
        ylabel="training cost (US\\$)",
        title=f"Training cost at {mfu:.0%} MFU (a teaching estimate)",
    )
    ax.grid(alpha=0.3, which="both")
    ax.legend(loc="upper left")
    return save_figure(fig, save)
