"""A teaching model of a big-model startup's runway: monthly burn from team and compute, revenue, cash.

It is deliberately small: every number is an assumption stated in `ASSUMPTION_NOTES`, every month
is computed with the same four lines, and nothing is fitted to real companies.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from utils.validation import mapping, one_of, real_number, text

HOURS_PER_MONTH = 730.0  # 24 h x 365 days / 12 months


@dataclass(frozen=True)
class StartupAssumptions:
    """The inputs of the runway model (US dollars, months); defaults are the course's base case."""

    funding: float = 5_000_000.0
    team_size: int = 10
    cost_per_person_month: float = 15_000.0
    gpus: int = 16
    gpu_hour_price: float = 3.0
    compute_discount: float = 0.0
    cloud_credits: float = 0.0
    other_costs_per_month: float = 20_000.0
    months_to_launch: int = 9
    revenue_at_launch: float = 20_000.0
    revenue_growth: float = 0.10
    gross_margin: float = 0.60

    def __post_init__(self) -> None:
        """Reject inputs the model cannot mean: wrong types, negative money, fractions outside [0, 1]."""
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type in ("int", int):
                if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                    raise ValueError(f"{f.name} must be a whole number, got {value!r}.")
            elif isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise ValueError(f"{f.name} must be a number, got {value!r}.")
            try:
                finite = math.isfinite(float(value))
            except OverflowError:
                finite = False
            if not finite or value < 0:
                raise ValueError(f"{f.name} must be a finite number >= 0, got {value!r:.40}.")
        for name in ("compute_discount", "gross_margin"):
            if getattr(self, name) > 1:
                raise ValueError(f"{name} is a fraction between 0 and 1 (0.3 means 30%), got {getattr(self, name)!r}.")
        if self.revenue_growth > 2:
            raise ValueError(
                f"revenue_growth is a monthly fraction (0.10 means 10% a month), got {self.revenue_growth!r}."
            )

    def changed(self, **changes: Any) -> StartupAssumptions:
        """Return a copy with some assumptions changed (validated again)."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise ValueError(f"unknown assumptions {unknown}; the model has {[f.name for f in fields(self)]}.")
        return replace(self, **changes)


DEFAULT = StartupAssumptions()

# Why each default is what it is. They are illustrative round numbers, not data about a company.
ASSUMPTION_NOTES: dict[str, tuple[str, str]] = {
    "funding": ("US$", "cash raised at month 0: a round seed-stage figure"),
    "team_size": ("people", "engineers, researchers and a founder or two"),
    "cost_per_person_month": (
        "US$/person/month",
        "salary plus taxes, benefits and equipment (about US$180k a year, a US-style fully loaded cost)",
    ),
    "gpus": ("GPUs", "rented all month for experiments, fine-tuning and serving"),
    "gpu_hour_price": (
        "US$/GPU-hour",
        "list price of one rented data-centre GPU (notebook 03 explains where such prices come from)",
    ),
    "compute_discount": ("fraction", "price cut negotiated through a platform or partner (0 = list price)"),
    "cloud_credits": ("US$", "free compute from a cloud start-up programme, spent before cash"),
    "other_costs_per_month": ("US$/month", "office, software, legal, travel"),
    "months_to_launch": ("months", "time until the first paying customers"),
    "revenue_at_launch": ("US$/month", "revenue in the first month after launch"),
    "revenue_growth": ("fraction/month", "month-on-month revenue growth after launch"),
    "gross_margin": (
        "fraction",
        "share of revenue left after serving it; below classic software because every answer costs inference compute",
    ),
}


def _money(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:,.2f}M"
    return f"{value:,.0f}"


def format_value(name: str, value: float) -> str:
    """Format one assumption for a table: money with separators, fractions as percentages."""
    one_of(name, "name", list(ASSUMPTION_NOTES))
    real_number(value, "value")  # validated; an int stays an int in the table
    unit = ASSUMPTION_NOTES[name][0]
    if unit.startswith("fraction"):
        return f"{value:.0%}"
    if unit == "US$/GPU-hour":
        return f"{value:,.2f}"
    if unit.startswith("US$"):
        return _money(value)
    return f"{value:,}"


def assumptions_table(assumptions: StartupAssumptions = DEFAULT) -> str:
    """Return the assumptions as a plain-text table: name, value, unit, meaning."""
    _assumptions(assumptions, "assumptions")
    rows = [
        (f.name, format_value(f.name, getattr(assumptions, f.name)), *ASSUMPTION_NOTES[f.name])
        for f in fields(assumptions)
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{'assumption':<{widths[0]}}  {'value':>{widths[1]}}  {'unit':<{widths[2]}}  meaning"]
    lines += [f"{n:<{widths[0]}}  {v:>{widths[1]}}  {u:<{widths[2]}}  {m}" for n, v, u, m in rows]
    return "\n".join(lines)


def _assumptions(a: Any, name: str = "a") -> None:
    if not isinstance(a, StartupAssumptions):
        raise TypeError(f"{name} must be a StartupAssumptions(...), got {type(a).__name__}.")


def monthly_team_cost(a: StartupAssumptions) -> float:
    """Return the team's cost per month: headcount x fully loaded cost per person."""
    _assumptions(a)
    return a.team_size * a.cost_per_person_month


def monthly_compute_cost(a: StartupAssumptions) -> float:
    """Return compute cost per month before credits: GPUs x hours x price x (1 - discount)."""
    _assumptions(a)
    return a.gpus * HOURS_PER_MONTH * a.gpu_hour_price * (1.0 - a.compute_discount)


def monthly_burn_before_revenue(a: StartupAssumptions) -> float:
    """Return what a month costs with no revenue and no credits: team + compute + other."""
    return monthly_team_cost(a) + monthly_compute_cost(a) + a.other_costs_per_month


@dataclass(frozen=True)
class RunwayResult:
    """Month-by-month results of one scenario (index 0 = month 1)."""

    assumptions: StartupAssumptions
    months: np.ndarray
    team: np.ndarray
    compute_paid: np.ndarray
    other: np.ndarray
    revenue: np.ndarray
    gross_profit: np.ndarray
    net_burn: np.ndarray
    cash: np.ndarray
    runway_months: float

    @property
    def ran_out(self) -> bool:
        """True when the cash ran out within the simulated months."""
        return math.isfinite(self.runway_months)

    @property
    def default_alive(self) -> bool:
        """True when the cash never ran out and the last month made money (net burn <= 0)."""
        return not self.ran_out and self.net_burn[-1] <= 0

    @property
    def break_even_month(self) -> int | None:
        """Return the first month whose gross profit covers its costs, or None."""
        hits = np.flatnonzero(self.net_burn <= 0)
        return int(self.months[hits[0]]) if hits.size else None

    def describe(self) -> str:
        """Return one line: runway, or that the company reached break-even first."""
        if self.ran_out:
            return f"cash runs out after {self.runway_months:.1f} months"
        if self.default_alive:
            return f"break-even in month {self.break_even_month}, cash never runs out"
        return f"cash lasts beyond the {len(self.months)} months simulated"


def simulate_runway(a: StartupAssumptions = DEFAULT, horizon_months: int = 48) -> RunwayResult:
    """Simulate cash month by month; runway is the (fractional) month in which cash reaches zero.

    Each month: costs = team + compute (credits pay first) + other; revenue starts the month after
    launch and grows by `revenue_growth` a month; net burn = costs - revenue x gross margin.
    """
    _assumptions(a)
    horizon_months = _horizon(horizon_months)
    months = np.arange(1, horizon_months + 1)
    compute = monthly_compute_cost(a)
    credit_used = np.minimum(compute, np.maximum(a.cloud_credits - compute * (months - 1), 0.0))
    compute_paid = compute - credit_used
    team = np.full(horizon_months, monthly_team_cost(a))
    other = np.full(horizon_months, float(a.other_costs_per_month))
    since_launch = months - a.months_to_launch - 1
    revenue = np.where(
        since_launch >= 0, a.revenue_at_launch * (1.0 + a.revenue_growth) ** np.maximum(since_launch, 0), 0.0
    )
    gross_profit = revenue * a.gross_margin
    net_burn = team + compute_paid + other - gross_profit
    cash = a.funding - np.cumsum(net_burn)
    runway = math.inf
    below = np.flatnonzero(cash < 0)
    if below.size:
        m = int(below[0])
        before = a.funding if m == 0 else cash[m - 1]
        runway = m + float(before / net_burn[m])
    return RunwayResult(a, months, team, compute_paid, other, revenue, gross_profit, net_burn, cash, runway)


def check_scenarios(scenarios: Any) -> Mapping[str, StartupAssumptions]:
    """Return scenarios if it is a non-empty dict {name: StartupAssumptions}, else raise naming what is wrong."""
    if isinstance(scenarios, Mapping) and not scenarios:
        raise ValueError("scenarios is empty: give {name: StartupAssumptions}.")
    mapping(scenarios, "scenarios")
    for name, a in scenarios.items():
        text(name, "a scenario name in scenarios")
        _assumptions(a, f"scenarios[{name!r}]")
    return scenarios


def _horizon(horizon_months: Any) -> int:
    if (
        isinstance(horizon_months, bool)
        or not isinstance(horizon_months, (int, np.integer))
        or not 1 <= horizon_months <= 600
    ):
        raise ValueError(f"horizon_months must be an integer from 1 to 600, got {horizon_months!r:.40}.")
    return int(horizon_months)


def runway_table(scenarios: Mapping[str, StartupAssumptions], horizon_months: int = 48) -> str:
    """Return a plain-text table: month-1 burn, launch month and outcome for each scenario."""
    scenarios = check_scenarios(scenarios)
    _horizon(horizon_months)
    width = max(len(n) for n in scenarios)
    lines = [f"{'scenario':<{width}}  {'burn in month 1':>16}  {'launch':>7}  outcome"]
    for name, a in scenarios.items():
        r = simulate_runway(a, horizon_months)
        lines.append(
            f"{name:<{width}}  {'US$ ' + f'{r.net_burn[0]:,.0f}':>16}  "
            f"{'month ' + str(a.months_to_launch):>7}  {r.describe()}"
        )
    return "\n".join(lines)
