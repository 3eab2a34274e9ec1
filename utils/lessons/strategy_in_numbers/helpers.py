"""Small quantitative models of a big-model startup's strategy (notebook 02).

Unit economics, market sizing, a data flywheel, Bass diffusion, team and schedule arithmetic, a risk
register feeding a Monte Carlo runway, and a cost-decline fit. Every default is a teaching
assumption; the real figures carry their source and date next to them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from utils.lessons.big_model_economics.helpers import inference_cost_per_million
from utils.lessons.startup_landscape.helpers import DEFAULT, StartupAssumptions, simulate_runway
from utils.validation import (
    as_float_array,
    non_negative_number,
    positive_number,
    probability,
    real_number,
    text,
    whole_number,
)

RUNWAY_BASE: StartupAssumptions = DEFAULT  # notebook 01's base case, the start of the Monte Carlo runway

# ---- validation ---------------------------------------------------------------------------------


def _number(name: str, value: Any, low: float = -math.inf, high: float = math.inf, strict_low: bool = False) -> float:
    """Return value as a float in [low, high] (low excluded with strict_low), through utils.validation."""
    number = real_number(
        value, name, minimum=None if math.isinf(low) else low, maximum=None if math.isinf(high) else high
    )
    if strict_low and number == low:
        raise ValueError(f"{name} must be greater than {low:g}, got {number:g}.")
    return number


def _positive(name: str, value: Any) -> float:
    return positive_number(value, name)


def _non_negative(name: str, value: Any) -> float:
    return non_negative_number(value, name)


def _probability(name: str, value: Any) -> float:
    return probability(value, name)


def _count(name: str, value: Any, low: int = 1, high: int | None = None) -> int:
    return whole_number(value, name, minimum=low, maximum=high)


MAX_MONTHS = 1200  # 100 years: any longer simulation of a startup means nothing
MAX_DRAWS = 10_000_000  # Monte Carlo draws in one call


def _flywheel(fw: Any) -> Flywheel:
    if not isinstance(fw, Flywheel):
        raise ValueError(f"fw must be a Flywheel, got {type(fw).__name__}.")
    return fw


def _task(task: Any) -> Task:
    if not isinstance(task, Task):
        raise ValueError(f"task must be a Task(name, low, mode, high), got {type(task).__name__}.")
    return task


def _rng(rng: Any) -> np.random.Generator:
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy Generator (np.random.default_rng(seed)), got {type(rng).__name__}.")
    return rng


# ---- bubble or gold mine: unit economics ---------------------------------------------------------


def serving_cost_per_million(n_params: float, gpu: str = "H100", mfu: float = 0.25) -> float:
    """Return the compute cost (US$) of one million generated tokens; notebook 03's formula, reused."""
    return inference_cost_per_million(n_params, gpu=gpu, mfu=mfu)


def gross_margin(price_per_million: float, cost_per_million: float) -> float:
    """Return (price - cost) / price: the share of each sale left after serving it (negative = loss)."""
    price = _positive("price_per_million", price_per_million)
    cost = _non_negative("cost_per_million", cost_per_million)
    return (price - cost) / price


def lifetime_value(monthly_revenue: float, margin: float, monthly_churn: float) -> float:
    """Return a customer's lifetime gross profit: revenue x margin / churn (expected life = 1 / churn months)."""
    revenue = _non_negative("monthly_revenue", monthly_revenue)
    m = _number("margin", margin, -10.0, 1.0)
    churn = _number("monthly_churn", monthly_churn, 0.0, 1.0, strict_low=True)
    return revenue * m / churn


def ltv_to_cac(monthly_revenue: float, margin: float, monthly_churn: float, acquisition_cost: float) -> float:
    """Return lifetime value / customer acquisition cost; about 3 is a common rule of thumb for health."""
    return lifetime_value(monthly_revenue, margin, monthly_churn) / _positive("acquisition_cost", acquisition_cost)


def payback_months(acquisition_cost: float, monthly_revenue: float, margin: float) -> float:
    """Return the months of gross profit needed to earn back one customer's acquisition cost (inf if never)."""
    cac = _non_negative("acquisition_cost", acquisition_cost)
    profit = _non_negative("monthly_revenue", monthly_revenue) * _number("margin", margin, -10.0, 1.0)
    return math.inf if profit <= 0 else cac / profit


@dataclass(frozen=True)
class ImpliedPlan:
    """What a valuation implies: the value and revenue needed later, the yearly growth to get there, the margin."""

    revenue_needed: float
    growth_per_year: float
    net_margin_needed: float
    value_needed: float  # what the company must be worth in `years` for investors to earn the required return


def what_would_have_to_be_true(
    valuation: float,
    revenue_now: float,
    years: float,
    revenue_multiple: float,
    earnings_multiple: float,
    required_return: float = 0.0,
) -> ImpliedPlan:
    """Return the value, revenue, yearly growth and net margin at which `valuation` pays investors their return.

    Investors who want `required_return` a year need the company to be worth valuation (1 + r)^years in
    `years`; at a mature revenue multiple that takes revenue needed = value needed / revenue_multiple, and at a
    mature price/earnings multiple it must earn value needed / earnings_multiple, so its net margin must be
    revenue_multiple / earnings_multiple. With r = 0 the investors merely get their money back.
    """
    value = _positive("valuation", valuation)
    now = _positive("revenue_now", revenue_now)
    span = _positive("years", years)
    rate = _number("required_return", required_return, 0.0, 10.0, strict_low=False)
    value_then = value * (1.0 + rate) ** span
    needed = value_then / _positive("revenue_multiple", revenue_multiple)
    growth = (needed / now) ** (1.0 / span) - 1.0
    margin = (value_then / _positive("earnings_multiple", earnings_multiple)) / needed
    return ImpliedPlan(needed, growth, margin, value_then)


# ---- market sizing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MarketSize:
    """Total, serviceable and obtainable market, in US$ per year."""

    tam: float
    sam: float
    som: float


def top_down_market(total_market: float, serviceable_share: float, obtainable_share: float) -> MarketSize:
    """Return TAM/SAM/SOM from a quoted market: SAM = TAM x share you can serve, SOM = SAM x share you can win."""
    tam = _positive("total_market", total_market)
    sam = tam * _probability("serviceable_share", serviceable_share)
    return MarketSize(tam, sam, sam * _probability("obtainable_share", obtainable_share))


def bottom_up_market(customers: float, price_per_year: float, serviceable_share: float, adoption: float) -> MarketSize:
    """Return TAM/SAM/SOM from counts: customers x price, x share you can serve, x share that adopts."""
    tam = _positive("customers", customers) * _positive("price_per_year", price_per_year)
    sam = tam * _probability("serviceable_share", serviceable_share)
    return MarketSize(tam, sam, sam * _probability("adoption", adoption))


# ---- platform advantage as a flywheel ------------------------------------------------------------


@dataclass(frozen=True)
class Flywheel:
    """Users -> data -> quality -> users, month by month (all defaults are teaching assumptions).

    quality = D / (D + half_quality_data) with D = data_per_user x users + partner_data;
    new users each month = growth x quality x users x (1 - users / market) + distribution;
    lost users = churn x users.
    """

    growth: float = 0.30
    churn: float = 0.08
    data_per_user: float = 1.0
    half_quality_data: float = 50_000.0
    partner_data: float = 0.0
    distribution: float = 0.0
    market: float = 2_000_000.0

    def __post_init__(self) -> None:
        """Reject rates outside [0, 1] and negative amounts."""
        for name in ("growth", "churn"):
            _probability(name, getattr(self, name))
        for name in ("data_per_user", "partner_data", "distribution"):
            _non_negative(name, getattr(self, name))
        for name in ("half_quality_data", "market"):
            _positive(name, getattr(self, name))


def flywheel_threshold(fw: Flywheel) -> float:
    """Return the user count above which the loop grows on its own (no distribution, market far away).

    Growth beats churn when growth x D / (D + K) > churn, i.e. D > churn K / (growth - churn);
    with D = k u + E that is u* = (churn K / (growth - churn) - E) / k (0 if partner data suffices,
    inf if growth <= churn or users bring no data).
    """
    fw = _flywheel(fw)
    if fw.growth <= fw.churn:
        return math.inf
    needed_data = fw.churn * fw.half_quality_data / (fw.growth - fw.churn) - fw.partner_data
    if needed_data <= 0:
        return 0.0
    return math.inf if fw.data_per_user == 0 else needed_data / fw.data_per_user


def simulate_flywheel(fw: Flywheel, start_users: float, months: int = 36) -> tuple[np.ndarray, np.ndarray]:
    """Return (users, quality) for months 0..months, starting from `start_users`."""
    fw = _flywheel(fw)
    users = np.empty(_count("months", months, high=MAX_MONTHS) + 1)
    quality = np.empty_like(users)
    users[0] = _non_negative("start_users", start_users)
    for t in range(months + 1):
        data = fw.data_per_user * users[t] + fw.partner_data
        quality[t] = data / (data + fw.half_quality_data)
        if t < months:
            gained = fw.growth * quality[t] * users[t] * max(0.0, 1.0 - users[t] / fw.market) + fw.distribution
            users[t + 1] = max(0.0, users[t] + gained - fw.churn * users[t])
    return users, quality


# ---- social advantage: Bass diffusion -----------------------------------------------------------

# Average coefficients over 213 published Bass-model applications: Sultan, Farley & Lehmann,
# "A Meta-Analysis of Applications of Diffusion Models", Journal of Marketing Research 27(1), 1990.
BASS_AVERAGE_P, BASS_AVERAGE_Q = 0.03, 0.38

# Share of US adults who say they own a smartphone: Pew Research Center, Mobile Fact Sheet, table "Mobile
# phone ownership over time" (https://www.pewresearch.org/internet/fact-sheet/mobile/), every phone survey in
# it, from the first smartphone question (May 2011) to February 2021; each row is dated by the survey's last
# day. Later surveys were run by web and mail (a change of mode that Pew marks in the table) and are left out.
# Checked against the table as published in 2021 and 2024 (the 2011-2021 rows are the same in both). One row
# differs from Pew's own report on that survey: the survey that ended on 19 February 2012 is 45% in the table
# and 46% in A. Smith, "Nearly half of American adults are smartphone owners" (Pew, 1 March 2012) and in
# "Smartphone Ownership 2013 Update" (5 June 2013); the series keeps the table's value.
PEW_SMARTPHONE_SOURCE = (
    "Pew Research Center, Mobile Fact Sheet, 'Mobile phone ownership over time': all 29 phone surveys "
    "May 2011 - Feb 2021 (https://www.pewresearch.org/internet/fact-sheet/mobile/)"
)
PEW_SMARTPHONE: tuple[tuple[str, float], ...] = (
    ("2011-05-22", 0.35),  # table row 5/22/2011
    ("2012-01-15", 0.39),  # 1/15/2012
    ("2012-02-19", 0.45),  # 2/19/2012 (Pew's report of this survey: 46%)
    ("2012-04-03", 0.46),  # 4/3/2012
    ("2012-08-05", 0.44),  # 8/5/2012
    ("2012-09-06", 0.45),  # 9/6/2012
    ("2012-09-23", 0.43),  # 9/23/2012
    ("2012-11-10", 0.46),  # 11/10/2012
    ("2012-12-09", 0.45),  # 12/9/2012
    ("2013-01-06", 0.51),  # 1/6/2013
    ("2013-05-19", 0.56),  # 5/19/2013
    ("2013-07-14", 0.53),  # 7/14/2013
    ("2013-07-28", 0.53),  # 7/28/2013
    ("2013-09-16", 0.54),  # 9/16/2013
    ("2013-09-30", 0.55),  # 9/30/2013
    ("2013-10-06", 0.58),  # 10/6/2013
    ("2014-01-05", 0.55),  # 1/5/2014
    ("2014-01-12", 0.58),  # 1/12/2014
    ("2014-01-26", 0.55),  # 1/26/2014
    ("2014-12-21", 0.59),  # 12/21/2014
    ("2015-04-12", 0.67),  # 4/12/2015
    ("2015-07-12", 0.68),  # 7/12/2015
    ("2015-11-15", 0.69),  # 11/15/2015
    ("2016-04-04", 0.72),  # 4/4/2016
    ("2016-05-03", 0.70),  # 5/3/2016
    ("2016-11-06", 0.77),  # 11/6/2016
    ("2018-01-10", 0.77),  # 1/10/2018
    ("2019-02-07", 0.81),  # 2/7/2019
    ("2021-02-08", 0.85),  # 2/8/2021
)


def decimal_year(iso_date: str) -> float:
    """Return '2013-05-19' as a decimal year (2013.38)."""
    try:
        d = date.fromisoformat(iso_date)
    except (TypeError, ValueError):
        raise ValueError(f"iso_date must be a date like '2013-05-19', got {iso_date!r}.") from None
    start, end = date(d.year, 1, 1), date(d.year + 1, 1, 1)
    return d.year + (d - start).days / (end - start).days


def bass_cumulative(t: Any, p: float, q: float, m: float = 1.0) -> np.ndarray:
    """Return the Bass model's cumulative adopters m F(t), F = (1 - e^-(p+q)t) / (1 + (q/p) e^-(p+q)t)."""
    t = np.maximum(as_float_array(t, "t"), 0.0)
    p = _number("p", p, 0.0, 1.0, strict_low=True)
    q = _number("q", q, 0.0, 5.0)
    m = _positive("m", m)
    decay = np.exp(-(p + q) * t)
    return m * (1.0 - decay) / (1.0 + (q / p) * decay)


def bass_step(cumulative: float, p: float, q: float, m: float) -> float:
    """Return next period's new adopters in the discrete Bass model: (p + q N / m) (m - N)."""
    m = _positive("m", m)
    n = _number("cumulative", cumulative, 0.0, m)
    return (_probability("p", p) + _number("q", q, 0.0, 5.0) * n / m) * (m - n)


def time_to_share(share: float, p: float, q: float) -> float:
    """Return the time at which a share of the eventual adopters has adopted: F(t) = share solved for t."""
    s = _number("share", share, 0.0, 1.0, strict_low=False)
    if s >= 1:
        return math.inf
    p = _number("p", p, 0.0, 1.0, strict_low=True)
    q = _number("q", q, 0.0, 5.0)
    return -math.log((1.0 - s) / (1.0 + s * q / p)) / (p + q)


@dataclass(frozen=True)
class BassFit:
    """Fitted Bass coefficients, market ceiling m, the time origin and the root-mean-square error."""

    p: float
    q: float
    m: float
    start: float
    rmse: float


def fit_bass(years: Any, shares: Any, start: float) -> BassFit:
    """Fit p, q and the ceiling m to adoption shares by least squares (grid search, then a finer grid).

    `start` is the year the product appeared (adoption 0 then); m is solved exactly for each (p, q).
    """
    t = as_float_array(years, "years") - _number("start", start)
    y = as_float_array(shares, "shares")
    if t.shape != y.shape or t.ndim != 1 or t.size < 3:
        raise ValueError(f"years and shares must be 1-D of the same length >= 3, got {t.shape} and {y.shape}.")
    if np.any(t < 0):
        raise ValueError("every year must come after `start`.")
    if np.any(y < 0) or np.any(y > 1):
        raise ValueError("shares must be fractions in [0, 1] (0.35 means 35%).")
    if np.ptp(t) == 0:
        raise ValueError("years must not all be equal: a curve needs adoption at different times.")
    if not np.any(y > 0):
        raise ValueError("shares are all zero: nothing to fit a Bass curve to.")

    def best(ps: np.ndarray, qs: np.ndarray) -> tuple[float, float, float, float]:
        pp, qq = np.meshgrid(ps, qs, indexing="ij")
        decay = np.exp(-(pp + qq)[..., None] * t)
        f = (1.0 - decay) / (1.0 + (qq / pp)[..., None] * decay)
        m = np.clip((f * y).sum(-1) / (f * f).sum(-1), 1e-6, 1.0)
        sse = ((m[..., None] * f - y) ** 2).sum(-1)
        i, j = np.unravel_index(np.argmin(sse), sse.shape)
        return float(ps[i]), float(qs[j]), float(m[i, j]), float(sse[i, j])

    p, q, _, _ = best(np.geomspace(1e-4, 0.5, 120), np.linspace(0.0, 1.5, 151))
    p, q, m, sse = best(np.geomspace(p / 1.3, min(p * 1.3, 1.0), 61), np.linspace(max(q - 0.02, 0), q + 0.02, 61))
    return BassFit(p, q, m, float(start), math.sqrt(sse / t.size))


# ---- talent and project management --------------------------------------------------------------


def communication_channels(team_size: int) -> int:
    """Return the pairwise channels in a team of n people: n (n - 1) / 2."""
    n = _count("team_size", team_size)
    return n * (n - 1) // 2


def delivery_months(team_size: Any, person_months: float, overhead_per_channel: float) -> np.ndarray:
    """Return months to deliver `person_months` of work when each person loses a share of time per colleague.

    Effective people = n (1 - o (n - 1)): every one of the n - 1 channels a person keeps costs a
    share o of their time. Returns inf where communication eats all the time.
    """
    n = as_float_array(team_size, "team_size")
    if np.any(n < 1):
        raise ValueError("team_size must be >= 1.")
    work = _positive("person_months", person_months)
    o = _probability("overhead_per_channel", overhead_per_channel)
    effective = n * (1.0 - o * (n - 1.0))
    with np.errstate(divide="ignore"):
        return np.where(effective > 0, work / np.maximum(effective, 1e-300), np.inf)


def best_team_size(overhead_per_channel: float) -> float:
    """Return the team size that delivers soonest in `delivery_months`: n = (1 + o) / (2 o), inf when o = 0."""
    o = _probability("overhead_per_channel", overhead_per_channel)
    return math.inf if o == 0 else (1.0 + o) / (2.0 * o)


@dataclass(frozen=True)
class Task:
    """One step of a project with a three-point estimate in weeks: optimistic, most likely, pessimistic."""

    name: str
    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        """Require a name and 0 <= low <= mode <= high and low < high."""
        text(self.name, "name")
        for name in ("low", "mode", "high"):
            _non_negative(f"{self.name}.{name}", getattr(self, name))
        if not self.low <= self.mode <= self.high or self.low == self.high:
            raise ValueError(f"task {self.name!r}: need low <= mode <= high and low < high, got {self}.")

    @property
    def pert_mean(self) -> float:
        """Return the PERT mean (low + 4 mode + high) / 6."""
        return (self.low + 4.0 * self.mode + self.high) / 6.0


# A small ML project in weeks (teaching assumptions): the data and training steps have long right tails.
ML_PROJECT: tuple[Task, ...] = (
    Task("scope and metrics", 1, 2, 4),
    Task("collect and label data", 3, 5, 14),
    Task("baseline model", 1, 2, 4),
    Task("train and tune", 2, 4, 12),
    Task("evaluate, fix data issues", 1, 2, 8),
    Task("serve and monitor", 2, 3, 6),
)


def sample_pert(task: Task, size: int, rng: np.random.Generator) -> np.ndarray:
    """Draw task durations from the beta-PERT distribution (shape 1 + 4 (mode - low) / (high - low))."""
    task, size, rng = _task(task), _count("size", size, high=MAX_DRAWS), _rng(rng)
    span = task.high - task.low
    a = 1.0 + 4.0 * (task.mode - task.low) / span
    b = 1.0 + 4.0 * (task.high - task.mode) / span
    return task.low + span * rng.beta(a, b, size)


def simulate_schedule(tasks: Sequence[Task], size: int, rng: np.random.Generator) -> np.ndarray:
    """Return `size` simulated total durations of tasks done one after another."""
    if isinstance(tasks, (str, bytes)) or not isinstance(tasks, Sequence) or not tasks:
        raise ValueError(f"tasks must be a non-empty sequence of Task, got {tasks!r:.60}.")
    if not all(isinstance(t, Task) for t in tasks):
        raise ValueError("tasks must be a non-empty sequence of Task.")
    return np.sum([sample_pert(t, size, rng) for t in tasks], axis=0)


def percentile(samples: Any, level: float) -> float:
    """Return the value below which `level` (0-100) percent of the samples lie (linear interpolation)."""
    x = as_float_array(samples, "samples")
    return float(np.percentile(x, _number("level", level, 0.0, 100.0)))


# ---- risk control: a risk register feeding a Monte Carlo runway ---------------------------------


@dataclass(frozen=True)
class Risk:
    """One row of a risk register: what may happen, how likely, and what it does to the plan if it does.

    Effects: `delay_months` pushes launch back, `one_off_cost` (US$) is paid at month 0,
    `gpu_price_factor` multiplies the GPU price, `growth_factor` multiplies revenue growth.
    """

    name: str
    probability: float
    delay_months: int = 0
    one_off_cost: float = 0.0
    gpu_price_factor: float = 1.0
    growth_factor: float = 1.0

    def __post_init__(self) -> None:
        """Reject probabilities outside [0, 1] and impossible effects."""
        text(self.name, "name")
        _probability(f"{self.name}: probability", self.probability)
        _count(f"{self.name}: delay_months", self.delay_months, low=0)
        _non_negative(f"{self.name}: one_off_cost", self.one_off_cost)
        _positive(f"{self.name}: gpu_price_factor", self.gpu_price_factor)
        _non_negative(f"{self.name}: growth_factor", self.growth_factor)

    def apply(self, a: StartupAssumptions) -> StartupAssumptions:
        """Return the assumptions as they are when this risk happens."""
        return a.changed(
            months_to_launch=a.months_to_launch + self.delay_months,
            funding=max(0.0, a.funding - self.one_off_cost),
            gpu_hour_price=a.gpu_hour_price * self.gpu_price_factor,
            revenue_growth=a.revenue_growth * self.growth_factor,
        )


# Teaching assumptions: a register a seed-stage big-model startup might write; not measured frequencies.
RISK_REGISTER: tuple[Risk, ...] = (
    Risk("key researcher leaves", 0.25, delay_months=3),
    Risk("model misses the quality bar, retrain", 0.30, delay_months=2, one_off_cost=250_000.0),
    Risk("GPU prices rise 50%", 0.20, gpu_price_factor=1.5),
    Risk("big rival launches a free tier", 0.25, growth_factor=0.5),
    Risk("data or privacy incident", 0.10, one_off_cost=400_000.0),
)

# Uncertain inputs as (low, most likely, high), drawn from triangular distributions; teaching assumptions.
UNCERTAIN: dict[str, tuple[float, float, float]] = {
    "months_to_launch": (6.0, 9.0, 15.0),
    "revenue_at_launch": (5_000.0, 20_000.0, 40_000.0),
    "revenue_growth": (0.03, 0.10, 0.15),
    "gpu_hour_price": (2.0, 3.0, 4.5),
}

MILESTONE_REVENUE = 100_000.0  # US$/month: a teaching stand-in for "enough traction to raise the next round"


@dataclass(frozen=True)
class MonteCarloRunway:
    """Simulated runways (months; the horizon where cash never ran out) and milestone outcomes."""

    runway: np.ndarray
    milestone_reached: np.ndarray
    horizon: int
    risk_hits: np.ndarray = field(repr=False)

    def p50(self) -> float:
        """Return the median runway in months."""
        return percentile(self.runway, 50)

    def p90(self) -> float:
        """Return the runway reached with 90% confidence: 9 in 10 simulated companies last at least this long."""
        return percentile(self.runway, 10)

    @property
    def milestone_probability(self) -> float:
        """Return the share of runs that reach the revenue milestone while cash is still positive."""
        return float(self.milestone_reached.mean())


def _validate_plan(base: Any, risks: Any, uncertain: Any, horizon: Any = 60) -> None:
    if not isinstance(base, StartupAssumptions):
        raise ValueError(f"base must be StartupAssumptions, got {type(base).__name__}.")
    if not isinstance(risks, Sequence) or isinstance(risks, str) or not all(isinstance(r, Risk) for r in risks):
        raise ValueError(f"risks must be a sequence of Risk, got {risks!r:.60}.")
    if not isinstance(uncertain, Mapping):
        raise ValueError("uncertain must map an assumption name to (low, mode, high).")
    _count("horizon", horizon)
    for name, triple in uncertain.items():
        if not hasattr(base, name):
            raise ValueError(f"uncertain names an unknown assumption {name!r}.")
        if not isinstance(triple, (tuple, list)) or len(triple) != 3:
            raise ValueError(f"uncertain[{name!r}] must be (low, mode, high), got {triple!r:.60}.")
        low, mode, high = (_number(f"uncertain[{name!r}]", v) for v in triple)
        if not low <= mode <= high:
            raise ValueError(f"uncertain[{name!r}] needs low <= mode <= high, got {(low, mode, high)}.")
        cast = int if isinstance(getattr(base, name), int) else float
        for end in (low, high):
            try:
                base.changed(**{name: cast(round(end)) if cast is int else end})
            except ValueError as err:
                raise ValueError(f"uncertain[{name!r}] reaches a value the model refuses: {err}") from None


def milestone_reached(a: StartupAssumptions, horizon: int, revenue_target: float = MILESTONE_REVENUE) -> bool:
    """Return True when monthly revenue reaches the target in a month that ends with positive cash."""
    _validate_plan(a, (), {}, horizon)
    revenue_target = _non_negative("revenue_target", revenue_target)
    r = simulate_runway(a, horizon)
    hits = np.flatnonzero((r.revenue >= revenue_target) & (r.cash > 0))
    return bool(hits.size)


def _draw(base: StartupAssumptions, uncertain: Mapping[str, tuple[float, float, float]], rng: np.random.Generator):
    values = {}
    for name, (low, mode, high) in uncertain.items():
        x = rng.triangular(low, mode, high) if high > low else low
        values[name] = int(round(x)) if isinstance(getattr(base, name), int) else float(x)
    return base.changed(**values)


def monte_carlo_runway(
    base: StartupAssumptions,
    risks: Sequence[Risk],
    size: int,
    rng: np.random.Generator,
    uncertain: Mapping[str, tuple[float, float, float]] | None = None,
    horizon: int = 60,
) -> MonteCarloRunway:
    """Simulate `size` futures: draw the uncertain inputs, let each risk happen with its probability, run the runway."""
    uncertain = UNCERTAIN if uncertain is None else uncertain
    _validate_plan(base, risks, uncertain, horizon)
    size, horizon = _count("size", size, high=MAX_DRAWS), _count("horizon", horizon)
    rng = _rng(rng)
    runway = np.empty(size)
    reached = np.zeros(size, dtype=bool)
    hits = rng.random((size, len(risks))) < np.array([r.probability for r in risks])
    for i in range(size):
        a = _draw(base, uncertain, rng)
        for risk, hit in zip(risks, hits[i]):
            if hit:
                a = risk.apply(a)
        result = simulate_runway(a, horizon)
        runway[i] = min(result.runway_months, float(horizon))
        reached[i] = bool(np.any((result.revenue >= MILESTONE_REVENUE) & (result.cash > 0)))
    return MonteCarloRunway(runway, reached, horizon, hits)


def risk_register_table(base: StartupAssumptions, risks: Sequence[Risk], horizon: int = 60) -> list[dict[str, Any]]:
    """Return one row per risk: probability, months of runway lost if it happens, and probability x impact."""
    _validate_plan(base, risks, {}, horizon)
    plain = min(simulate_runway(base, horizon).runway_months, float(horizon))
    rows = []
    for r in risks:
        hit = min(simulate_runway(r.apply(base), horizon).runway_months, float(horizon))
        rows.append({"risk": r.name, "probability": r.probability, "impact": plain - hit})
        rows[-1]["score"] = r.probability * rows[-1]["impact"]
    return sorted(rows, key=lambda row: -row["score"])


def tornado(
    base: StartupAssumptions,
    uncertain: Mapping[str, tuple[float, float, float]] | None = None,
    risks: Sequence[Risk] = (),
    horizon: int = 60,
) -> list[tuple[str, float, float]]:
    """Return (input, runway at its bad end, runway at its good end), widest swing first.

    Each uncertain input moves alone from its low to its high value (the others stay at their most
    likely values); each risk is switched off and on.
    """
    uncertain = UNCERTAIN if uncertain is None else uncertain
    _validate_plan(base, risks, uncertain, horizon)
    mode = base.changed(
        **{n: (int(round(m)) if isinstance(getattr(base, n), int) else float(m)) for n, (_, m, _) in uncertain.items()}
    )

    def months(a: StartupAssumptions) -> float:
        return min(simulate_runway(a, horizon).runway_months, float(horizon))

    rows = []
    for name, (low, _, high) in uncertain.items():
        cast = int if isinstance(getattr(base, name), int) else float
        ends = sorted([months(mode.changed(**{name: cast(low)})), months(mode.changed(**{name: cast(high)}))])
        rows.append((name, ends[0], ends[1]))
    for r in risks:
        rows.append((f"risk: {r.name}", months(r.apply(mode)), months(mode)))
    return sorted(rows, key=lambda row: -(row[2] - row[1]))


# ---- future trends: the falling price of a token -----------------------------------------------

# a16z, Guido Appenzeller, "Welcome to LLMflation - LLM inference cost is going down fast", 12 Nov 2024:
# the cheapest model scoring at least 42 on MMLU cost US$60 per million tokens in Nov 2021 (GPT-3)
# and US$0.06 in late 2024 (Llama 3.2 3B on Together.ai): about 10x cheaper a year.
LLMFLATION_SOURCE = 'G. Appenzeller, "Welcome to LLMflation", a16z, 12 Nov 2024'
LLMFLATION_POINTS: tuple[tuple[str, float], ...] = (("2021-11-01", 60.0), ("2024-11-01", 0.06))


@dataclass(frozen=True)
class DeclineFit:
    """A log-linear fit price = a x factor^(year - first year): factor per year and the decline it means."""

    factor_per_year: float
    first_year: float
    first_price: float

    @property
    def decline_per_year(self) -> float:
        """Return the fraction by which the price falls each year (0.9 = ten times cheaper)."""
        return 1.0 - self.factor_per_year

    def price(self, year: Any) -> np.ndarray:
        """Return the fitted price at the given (decimal) years."""
        return self.first_price * self.factor_per_year ** (as_float_array(year, "year") - self.first_year)


def fit_decline(years: Any, prices: Any) -> DeclineFit:
    """Fit log(price) = log(a) + (year - first) log(factor) by least squares; needs >= 2 positive prices."""
    t = as_float_array(years, "years")
    y = as_float_array(prices, "prices")
    if t.shape != y.shape or t.ndim != 1 or t.size < 2:
        raise ValueError(f"years and prices must be 1-D of the same length >= 2, got {t.shape} and {y.shape}.")
    if np.any(y <= 0):
        raise ValueError("prices must be positive to fit a rate of decline on a log scale.")
    if np.ptp(t) == 0:
        raise ValueError("years must not all be equal.")
    slope, intercept = np.polyfit(t - t[0], np.log(y), 1)
    return DeclineFit(float(np.exp(slope)), float(t[0]), float(np.exp(intercept)))


def volume_growth_to_hold_revenue(decline_per_year: float) -> float:
    """Return the yearly growth in tokens sold that keeps revenue flat while the price falls: 1/(1-d) - 1."""
    d = _number("decline_per_year", decline_per_year, 0.0, 1.0)
    return math.inf if d >= 1 else 1.0 / (1.0 - d) - 1.0


def revenue_path(tokens_now: float, price_now: float, volume_growth: float, decline: float, years: int) -> np.ndarray:
    """Return yearly revenue for years 0..years: tokens grow by volume_growth, the price falls by decline."""
    tokens = _positive("tokens_now", tokens_now)
    price = _positive("price_now", price_now)
    g = _number("volume_growth", volume_growth, -1.0)
    d = _number("decline", decline, 0.0, 1.0)
    k = np.arange(_count("years", years, low=0, high=MAX_MONTHS // 12) + 1)
    return tokens * price * ((1.0 + g) * (1.0 - d)) ** k
