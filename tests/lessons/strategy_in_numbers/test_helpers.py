import math

import numpy as np
import pytest

from utils.lessons.big_model_economics.helpers import inference_cost_per_million
from utils.lessons.startup_landscape.helpers import simulate_runway
from utils.lessons.strategy_in_numbers import helpers as h


def test_serving_cost_reuses_notebook_03():
    assert h.serving_cost_per_million(8e9) == inference_cost_per_million(8e9, gpu="H100", mfu=0.25)


def test_unit_economics_formulas():
    assert h.gross_margin(2.0, 0.5) == pytest.approx(0.75)
    assert h.gross_margin(1.0, 3.0) == pytest.approx(-2.0)
    survival = (1 - 0.05) ** np.arange(10000)
    assert h.lifetime_value(100.0, 0.6, 0.05) == pytest.approx(100 * 0.6 * survival.sum(), rel=1e-6)
    assert h.ltv_to_cac(100.0, 0.6, 0.05, 400.0) == pytest.approx(3.0)
    assert h.payback_months(600.0, 100.0, 0.6) == pytest.approx(10.0)
    assert h.payback_months(600.0, 100.0, 0.0) == math.inf


def test_what_would_have_to_be_true():
    plan = h.what_would_have_to_be_true(100.0, 1.0, 2, 10, 20)
    assert plan.revenue_needed == pytest.approx(10.0)
    assert plan.growth_per_year == pytest.approx(math.sqrt(10) - 1)
    assert plan.net_margin_needed == pytest.approx(0.5)
    assert plan.value_needed == pytest.approx(100.0)


def test_what_would_have_to_be_true_with_a_required_return():
    # Investors who want 20% a year need 100 * 1.2**2 = 144 in two years: revenue 14.4 at 10x, same margin.
    plan = h.what_would_have_to_be_true(100.0, 1.0, 2, 10, 20, required_return=0.2)
    assert plan.value_needed == pytest.approx(144.0)
    assert plan.revenue_needed == pytest.approx(14.4)
    assert plan.growth_per_year == pytest.approx(math.sqrt(14.4) - 1)
    assert plan.net_margin_needed == pytest.approx(0.5)
    # OpenAI's case in notebook 02: US$157B at 20% a year is US$390.7B in five years, 60% growth a year.
    openai = h.what_would_have_to_be_true(157e9, 3.7e9, 5, 10, 25, required_return=0.2)
    assert openai.value_needed == pytest.approx(157e9 * 1.2**5)
    assert openai.growth_per_year == pytest.approx((157e9 * 1.2**5 / 10 / 3.7e9) ** 0.2 - 1)
    assert openai.growth_per_year > h.what_would_have_to_be_true(157e9, 3.7e9, 5, 10, 25).growth_per_year


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.gross_margin(0.0, 1.0),
        lambda: h.gross_margin(1.0, -1.0),
        lambda: h.gross_margin(float("nan"), 1.0),
        lambda: h.lifetime_value(100.0, 0.5, 0.0),
        lambda: h.lifetime_value(100.0, 1.5, 0.1),
        lambda: h.lifetime_value(100.0, 0.5, 1.2),
        lambda: h.ltv_to_cac(100.0, 0.5, 0.1, 0.0),
        lambda: h.payback_months(-1.0, 100.0, 0.5),
        lambda: h.what_would_have_to_be_true(-1.0, 1.0, 5, 10, 25),
        lambda: h.what_would_have_to_be_true(1.0, 1.0, 5, 0, 25),
        lambda: h.what_would_have_to_be_true(1.0, 1.0, 5, 10, 25, required_return=-0.1),
        lambda: h.what_would_have_to_be_true(1.0, 1.0, 5, 10, 25, required_return=float("nan")),
        lambda: h.serving_cost_per_million(-8e9),
        lambda: h.top_down_market(-1.0, 0.1, 0.1),
        lambda: h.top_down_market(1e9, 1.1, 0.1),
        lambda: h.bottom_up_market(100, 10.0, 0.5, -0.1),
        lambda: h.bottom_up_market(100, "10", 0.5, 0.1),
    ],
)
def test_unit_economics_and_market_reject_bad_inputs(call):
    with pytest.raises((ValueError, TypeError)):  # TypeError for a wrong type, ValueError for a bad value
        call()


def test_market_sizes():
    m = h.bottom_up_market(1000, 100.0, 0.5, 0.1)
    assert (m.tam, m.sam, m.som) == pytest.approx((1e5, 5e4, 5e3))
    t = h.top_down_market(1e6, 0.1, 0.5)
    assert (t.tam, t.sam, t.som) == pytest.approx((1e6, 1e5, 5e4))


def test_flywheel_threshold_separates_growth_from_decline():
    fw = h.Flywheel()
    u = h.flywheel_threshold(fw)
    assert u == pytest.approx(0.08 * 50000 / 0.22)
    below, _ = h.simulate_flywheel(fw, 0.95 * u, 24)
    above, _ = h.simulate_flywheel(fw, 1.05 * u, 24)
    assert below[-1] < below[0] and above[-1] > above[0]
    assert h.flywheel_threshold(h.Flywheel(growth=0.05)) == math.inf
    assert h.flywheel_threshold(h.Flywheel(partner_data=1e6)) == 0.0
    assert h.flywheel_threshold(h.Flywheel(data_per_user=0.0)) == math.inf
    users, quality = h.simulate_flywheel(h.Flywheel(market=1e5), 5e4, 200)
    assert users.max() <= 1e5 and np.all((quality >= 0) & (quality < 1))


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.Flywheel(churn=1.5),
        lambda: h.Flywheel(growth=-0.1),
        lambda: h.Flywheel(partner_data=-1.0),
        lambda: h.Flywheel(market=0.0),
        lambda: h.Flywheel(growth=float("nan")),
        lambda: h.simulate_flywheel(h.Flywheel(), -5.0),
        lambda: h.simulate_flywheel(h.Flywheel(), 5.0, 0),
        lambda: h.simulate_flywheel("not a flywheel", 5.0),
    ],
)
def test_flywheel_rejects_bad_inputs(call):
    with pytest.raises((ValueError, TypeError)):  # TypeError for a wrong type, ValueError for a bad value
        call()


def test_bass_formulas_agree():
    p, q = h.BASS_AVERAGE_P, h.BASS_AVERAGE_Q
    t = h.time_to_share(0.5, p, q)
    assert h.bass_cumulative(t, p, q)[()] == pytest.approx(0.5)
    assert h.time_to_share(0.5, p, 2 * q) < t
    assert h.bass_step(0.0, p, q, 100.0) == pytest.approx(p * 100.0)
    assert h.bass_step(100.0, p, q, 100.0) == 0.0
    n = 0.0
    for _ in range(4000):
        n += h.bass_step(n, p, q, 1.0) / 400
    assert n == pytest.approx(h.bass_cumulative(10.0, p, q)[()], abs=1e-3)


def test_fit_bass_recovers_known_coefficients():
    years = np.arange(2001.0, 2015.0)
    shares = h.bass_cumulative(years - 2000.0, 0.02, 0.5, 0.8)
    fit = h.fit_bass(years, shares, 2000.0)
    assert fit.p == pytest.approx(0.02, rel=0.05) and fit.q == pytest.approx(0.5, abs=0.01)
    assert fit.m == pytest.approx(0.8, rel=0.02) and fit.rmse < 1e-3


def test_pew_series_is_increasing_fractions():
    years = [h.decimal_year(d) for d, _ in h.PEW_SMARTPHONE]
    assert years == sorted(years) and all(0 < s < 1 for _, s in h.PEW_SMARTPHONE)
    assert h.decimal_year("2013-01-01") == 2013.0


def test_pew_series_is_every_phone_survey_of_the_fact_sheet():
    # Spot checks against Pew's table "Mobile phone ownership over time" (rows dated by the survey's last day).
    table = dict(h.PEW_SMARTPHONE)
    assert len(table) == len(h.PEW_SMARTPHONE) == 29  # every phone survey from May 2011 to February 2021
    assert table["2011-05-22"] == 0.35 and table["2021-02-08"] == 0.85  # first and last smartphone rows
    assert table["2012-02-19"] == 0.45  # the table's value; Pew's 1 March 2012 report of this survey says 46%
    assert table["2013-05-19"] == 0.56 and table["2016-11-06"] == 0.77 and table["2019-02-07"] == 0.81
    assert "29 phone surveys" in h.PEW_SMARTPHONE_SOURCE


def test_a_later_start_raises_p_and_lowers_q():
    # Notebook 02: the start date is an assumption; moving it later shifts adoption from imitation to innovation.
    years = [h.decimal_year(d) for d, _ in h.PEW_SMARTPHONE]
    shares = [s for _, s in h.PEW_SMARTPHONE]
    early, late = h.fit_bass(years, shares, 2007.0), h.fit_bass(years, shares, 2008.0)
    assert late.p > early.p and late.q < early.q


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.bass_cumulative([], 0.03, 0.38),
        lambda: h.bass_cumulative([1.0, float("nan")], 0.03, 0.38),
        lambda: h.bass_cumulative(1.0, 0.0, 0.38),
        lambda: h.bass_step(-1.0, 0.03, 0.38, 100.0),
        lambda: h.bass_step(150.0, 0.03, 0.38, 100.0),
        lambda: h.bass_step(10.0, 1.5, 0.38, 100.0),
        lambda: h.time_to_share(1.5, 0.03, 0.38),
        lambda: h.fit_bass([2010.0, 2011.0], [0.1, 0.2], 2000.0),
        lambda: h.fit_bass([2010.0, 2011.0, 2012.0], [0.1, 0.2, 1.3], 2000.0),
        lambda: h.fit_bass([2010.0, 2011.0, 2012.0], [0.1, 0.2, 0.3], 2011.0),
        lambda: h.decimal_year("May 2013"),
    ],
)
def test_bass_rejects_bad_inputs(call):
    with pytest.raises((ValueError, TypeError)):  # TypeError for a wrong type, ValueError for a bad value
        call()


def test_team_arithmetic():
    assert [h.communication_channels(n) for n in (1, 2, 5, 10)] == [0, 1, 10, 45]
    n = np.arange(1, 60)
    months = h.delivery_months(n, 60.0, 0.03)
    assert abs(n[np.argmin(months)] - h.best_team_size(0.03)) <= 0.5
    assert h.delivery_months(1, 60.0, 0.03)[()] == 60.0
    assert h.delivery_months(100, 60.0, 0.03)[()] == math.inf


def test_no_overhead_is_a_valid_team_model():
    # with no communication overhead every extra person helps: no fastest size, months = work / n
    assert h.best_team_size(0.0) == math.inf
    assert h.delivery_months([1, 4], 60.0, 0.0).tolist() == [60.0, 15.0]


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.communication_channels(0),
        lambda: h.communication_channels(2.5),
        lambda: h.delivery_months([0, 1], 60.0, 0.03),
        lambda: h.delivery_months(5, -1.0, 0.03),
        lambda: h.delivery_months(5, 60.0, 1.5),
        lambda: h.best_team_size(-0.01),
        lambda: h.best_team_size(float("nan")),
        lambda: h.fit_bass([2010.0, 2010.0, 2010.0], [0.1, 0.2, 0.3], 2000.0),
        lambda: h.fit_bass([2010.0, 2011.0, 2012.0], [0.0, 0.0, 0.0], 2000.0),
        lambda: h.Task(3, 1, 2, 5),
        lambda: h.Risk(None, 0.5),
        lambda: h.Task("x", 3, 2, 5),
        lambda: h.Task("x", 2, 2, 2),
        lambda: h.Task("x", -1, 2, 5),
        lambda: h.simulate_schedule([], 10, np.random.default_rng(0)),
        lambda: h.simulate_schedule(h.ML_PROJECT, 10, 0),
        lambda: h.simulate_schedule(h.ML_PROJECT, 0, np.random.default_rng(0)),
        lambda: h.percentile([], 90),
        lambda: h.percentile([1.0, 2.0], 120),
    ],
)
def test_schedule_rejects_bad_inputs(call):
    with pytest.raises((ValueError, TypeError)):  # TypeError for a wrong type, ValueError for a bad value
        call()


def test_schedule_matches_pert_and_is_reproducible():
    a = h.simulate_schedule(h.ML_PROJECT, 20000, np.random.default_rng(1))
    b = h.simulate_schedule(h.ML_PROJECT, 20000, np.random.default_rng(1))
    assert np.array_equal(a, b)
    assert a.mean() == pytest.approx(sum(t.pert_mean for t in h.ML_PROJECT), abs=0.1)
    assert h.percentile(a, 90) > h.percentile(a, 50) > sum(t.mode for t in h.ML_PROJECT)
    lo, hi = sum(t.low for t in h.ML_PROJECT), sum(t.high for t in h.ML_PROJECT)
    assert lo <= a.min() and a.max() <= hi


def test_risk_apply_and_register():
    base = h.RUNWAY_BASE
    hit = h.Risk("x", 0.5, delay_months=2, one_off_cost=1e5, gpu_price_factor=1.5, growth_factor=0.5).apply(base)
    assert hit.months_to_launch == base.months_to_launch + 2 and hit.funding == base.funding - 1e5
    assert hit.gpu_hour_price == 1.5 * base.gpu_hour_price and hit.revenue_growth == 0.5 * base.revenue_growth
    assert h.Risk("big", 1.0, one_off_cost=1e9).apply(base).funding == 0.0
    rows = h.risk_register_table(base, h.RISK_REGISTER)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert all(r["impact"] > 0 for r in rows)


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.Risk("x", 1.2),
        lambda: h.Risk("x", -0.1),
        lambda: h.Risk("x", float("nan")),
        lambda: h.Risk("x", 0.1, one_off_cost=-5.0),
        lambda: h.Risk("x", 0.1, delay_months=-1),
        lambda: h.monte_carlo_runway(h.RUNWAY_BASE, h.RISK_REGISTER, 0, np.random.default_rng(0)),
        lambda: h.monte_carlo_runway(h.RUNWAY_BASE, h.RISK_REGISTER, 5, 42),
        lambda: h.monte_carlo_runway("base", h.RISK_REGISTER, 5, np.random.default_rng(0)),
        lambda: h.monte_carlo_runway(h.RUNWAY_BASE, ["risk"], 5, np.random.default_rng(0)),
        lambda: h.monte_carlo_runway(h.RUNWAY_BASE, [], 5, np.random.default_rng(0), uncertain={"nope": (1, 2, 3)}),
        lambda: h.monte_carlo_runway(
            h.RUNWAY_BASE, [], 5, np.random.default_rng(0), uncertain={"revenue_growth": (0.2, 0.1, 0.3)}
        ),
        lambda: h.monte_carlo_runway(h.RUNWAY_BASE.changed(funding=-1.0), [], 5, np.random.default_rng(0)),
    ],
)
def test_monte_carlo_rejects_bad_inputs(call):
    with pytest.raises((ValueError, TypeError)):  # TypeError for a wrong type, ValueError for a bad value
        call()


def test_monte_carlo_runway():
    base = h.RUNWAY_BASE
    calm = h.monte_carlo_runway(base, [], 3, np.random.default_rng(0), uncertain={})
    assert np.allclose(calm.runway, simulate_runway(base, 60).runway_months)
    a = h.monte_carlo_runway(base, h.RISK_REGISTER, 200, np.random.default_rng(5))
    b = h.monte_carlo_runway(base, h.RISK_REGISTER, 200, np.random.default_rng(5))
    assert np.array_equal(a.runway, b.runway)
    assert a.p90() <= a.p50() <= 60 and 0 <= a.milestone_probability <= 1
    always = h.monte_carlo_runway(base, [h.Risk("sure", 1.0, one_off_cost=1e6)], 50, np.random.default_rng(5))
    assert always.risk_hits.all() and always.p50() < a.p50()
    assert h.milestone_reached(base.changed(revenue_growth=0.2), 60)
    assert not h.milestone_reached(base.changed(revenue_at_launch=0.0), 60)


def test_tornado_orders_by_swing():
    rows = h.tornado(h.RUNWAY_BASE, risks=h.RISK_REGISTER)
    swings = [hi - lo for _, lo, hi in rows]
    assert swings == sorted(swings, reverse=True) and all(s >= 0 for s in swings)
    assert len(rows) == len(h.UNCERTAIN) + len(h.RISK_REGISTER)


def test_cost_decline_fit():
    f = h.fit_decline([2020.0, 2021.0, 2022.0], [100.0, 10.0, 1.0])
    assert f.factor_per_year == pytest.approx(0.1) and f.decline_per_year == pytest.approx(0.9)
    assert f.price(2023.0)[()] == pytest.approx(0.1)
    years = [h.decimal_year(d) for d, _ in h.LLMFLATION_POINTS]
    llm = h.fit_decline(years, [p for _, p in h.LLMFLATION_POINTS])
    assert llm.decline_per_year == pytest.approx(0.9, abs=0.001)
    assert h.volume_growth_to_hold_revenue(0.9) == pytest.approx(9.0)
    assert h.volume_growth_to_hold_revenue(1.0) == math.inf
    assert h.revenue_path(10.0, 1.0, 4.0, 0.9, 2) == pytest.approx([10.0, 5.0, 2.5])


@pytest.mark.parametrize(
    "call",
    [
        lambda: h.fit_decline([], []),
        lambda: h.fit_decline([2020.0], [1.0]),
        lambda: h.fit_decline([2020.0, 2021.0], [1.0, 0.0]),
        lambda: h.fit_decline([2020.0, 2020.0], [1.0, 2.0]),
        lambda: h.fit_decline([2020.0, float("nan")], [1.0, 2.0]),
        lambda: h.volume_growth_to_hold_revenue(1.5),
        lambda: h.revenue_path(-1.0, 1.0, 1.0, 0.5, 3),
        lambda: h.revenue_path(1.0, 1.0, 1.0, 0.5, -1),
    ],
)
def test_cost_decline_rejects_bad_inputs(call):
    with pytest.raises((ValueError, TypeError)):  # TypeError for a wrong type, ValueError for a bad value
        call()
