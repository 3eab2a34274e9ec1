import math

import numpy as np
import pytest

from utils.lessons.startup_landscape import helpers as startup
from utils.lessons.startup_landscape.helpers import DEFAULT, StartupAssumptions


def test_default_burn_is_team_plus_compute_plus_other():
    assert startup.monthly_team_cost(DEFAULT) == 10 * 15_000
    assert startup.monthly_compute_cost(DEFAULT) == pytest.approx(16 * 730 * 3.0)
    assert startup.monthly_burn_before_revenue(DEFAULT) == pytest.approx(150_000 + 35_040 + 20_000)


def test_runway_without_revenue_is_funding_over_burn():
    a = DEFAULT.changed(revenue_at_launch=0.0)
    r = startup.simulate_runway(a)
    assert r.runway_months == pytest.approx(a.funding / startup.monthly_burn_before_revenue(a))
    assert r.ran_out and not r.default_alive


def test_cash_is_funding_minus_cumulative_burn():
    r = startup.simulate_runway(DEFAULT, horizon_months=24)
    assert r.cash[0] == pytest.approx(DEFAULT.funding - r.net_burn[0])
    np.testing.assert_allclose(np.diff(r.cash), -r.net_burn[1:])
    np.testing.assert_allclose(r.net_burn, r.team + r.compute_paid + r.other - r.gross_profit)


def test_revenue_starts_after_launch_and_grows():
    r = startup.simulate_runway(DEFAULT.changed(months_to_launch=3, revenue_growth=0.5), horizon_months=6)
    np.testing.assert_allclose(r.revenue, [0, 0, 0, 20_000, 30_000, 45_000])
    np.testing.assert_allclose(r.gross_profit, r.revenue * 0.6)


def test_credits_pay_for_compute_first():
    compute = startup.monthly_compute_cost(DEFAULT)
    r = startup.simulate_runway(DEFAULT.changed(cloud_credits=2.5 * compute), horizon_months=5)
    np.testing.assert_allclose(r.compute_paid, [0, 0, 0.5 * compute, compute, compute])


def test_discount_scales_compute():
    half = DEFAULT.changed(compute_discount=0.5)
    assert startup.monthly_compute_cost(half) == pytest.approx(startup.monthly_compute_cost(DEFAULT) / 2)


def test_advantages_lengthen_runway_in_the_course_scenarios():
    base = startup.simulate_runway(DEFAULT)
    platform = startup.simulate_runway(DEFAULT.changed(cloud_credits=300_000.0, compute_discount=0.3))
    talent = startup.simulate_runway(DEFAULT.changed(team_size=7, months_to_launch=5))
    assert base.runway_months == pytest.approx(27.1, abs=0.05)
    assert platform.runway_months > base.runway_months
    assert talent.default_alive and talent.break_even_month == 34
    assert "never runs out" in talent.describe()


def test_long_runway_beyond_horizon_is_reported():
    r = startup.simulate_runway(DEFAULT.changed(funding=1e9, revenue_at_launch=0.0), horizon_months=12)
    assert math.isinf(r.runway_months) and not r.default_alive
    assert "beyond the 12 months" in r.describe()


def test_runway_in_first_month():
    r = startup.simulate_runway(DEFAULT.changed(funding=100_000.0))
    assert r.runway_months == pytest.approx(100_000 / startup.monthly_burn_before_revenue(DEFAULT))


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"funding": -1.0}, "funding must be a finite number >= 0"),
        ({"team_size": 2.5}, "team_size must be a whole number"),
        ({"team_size": True}, "team_size must be a whole number"),
        ({"gpus": "16"}, "gpus must be a whole number"),
        ({"gpu_hour_price": "3"}, "gpu_hour_price must be a number"),
        ({"compute_discount": 30.0}, "fraction between 0 and 1"),
        ({"gross_margin": 1.5}, "fraction between 0 and 1"),
        ({"revenue_growth": 10.0}, "monthly fraction"),
        ({"funding": float("nan")}, "finite"),
    ],
)
def test_bad_assumptions_raise(changes, message):
    with pytest.raises(ValueError, match=message):
        DEFAULT.changed(**changes)


def test_numpy_integers_are_accepted():
    assert StartupAssumptions(team_size=np.int64(4)).team_size == 4
