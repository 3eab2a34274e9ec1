"""An outside battery for notebook 02's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import math
import statistics
from fractions import Fraction

import numpy as np
import pytest

from utils.lessons.strategy_in_numbers.exercises import (
    check_bass_step,
    check_flywheel_threshold,
    check_ltv_to_cac,
    check_p90,
)

CHECKS = {
    "ltv_to_cac": check_ltv_to_cac,
    "bass_step": check_bass_step,
    "p90": check_p90,
    "flywheel_threshold": check_flywheel_threshold,
}

# ---- ltv_to_cac -----------------------------------------------------------------------------------


def ltv_capped_at_three_years(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return monthly_revenue * margin * min(1 / monthly_churn, 36) / acquisition_cost


def ltv_discounted(monthly_revenue, margin, monthly_churn, acquisition_cost):  # adds a 1% monthly discount rate
    return monthly_revenue * margin / (monthly_churn + 0.01) / acquisition_cost


def ltv_margin_in_percent(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return monthly_revenue * (margin / 100) / monthly_churn / acquisition_cost


def ltv_churn_in_percent(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return monthly_revenue * margin / (monthly_churn / 100) / acquisition_cost


def ltv_negative_margin_clipped(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return monthly_revenue * max(margin, 0.0) / monthly_churn / acquisition_cost


def ltv_pair(monthly_revenue, margin, monthly_churn, acquisition_cost):
    ltv = monthly_revenue * margin / monthly_churn
    return ltv, ltv / acquisition_cost


def ltv_floor_division(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return monthly_revenue * margin // monthly_churn / acquisition_cost


def ltv_one_year(monthly_revenue, margin, monthly_churn, acquisition_cost):  # a year of retained revenue
    return sum(monthly_revenue * margin * (1 - monthly_churn) ** t for t in range(12)) / acquisition_cost


def ltv_survivors_only(monthly_revenue, margin, monthly_churn, acquisition_cost):  # pays only from month 2 on
    return monthly_revenue * margin * (1 - monthly_churn) / monthly_churn / acquisition_cost


def ltv_rounded(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return round(monthly_revenue * margin / monthly_churn / acquisition_cost, 2)


def ltv_payback(monthly_revenue, margin, monthly_churn, acquisition_cost):  # the payback period instead
    return acquisition_cost / (monthly_revenue * margin)


def ltv_yearly_revenue(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return 12 * monthly_revenue * margin / monthly_churn / acquisition_cost


def ltv_grouped(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return (monthly_revenue * margin) / (monthly_churn * acquisition_cost)


def ltv_lifetime_first(monthly_revenue, margin, monthly_churn, acquisition_cost):
    lifetime_months = 1 / monthly_churn
    gross_profit = monthly_revenue * margin
    return gross_profit * lifetime_months / acquisition_cost


def ltv_numpy(monthly_revenue, margin, monthly_churn, acquisition_cost):
    return np.prod([monthly_revenue, margin, 1 / monthly_churn]) / acquisition_cost


def ltv_fraction(monthly_revenue, margin, monthly_churn, acquisition_cost):
    r, g, c, a = (Fraction(v) for v in (monthly_revenue, margin, monthly_churn, acquisition_cost))
    return float(r * g / c / a)


def ltv_geometric_series(monthly_revenue, margin, monthly_churn, acquisition_cost):
    survive = 1 - monthly_churn  # expected months = sum of survival probabilities = 1 / (1 - survive)
    return (
        monthly_revenue * margin / (1 - survive) / acquisition_cost
        if survive < 1
        else (monthly_revenue * margin / acquisition_cost)
    )


# ---- bass_step ------------------------------------------------------------------------------------


def bass_share_not_count(cumulative, p, q, m):
    share = cumulative / m
    return (p + q * share) * (1 - share)


def bass_innovators_on_whole_market(cumulative, p, q, m):
    return p * m + q * cumulative / m * (m - cumulative)


def bass_rounded(cumulative, p, q, m):
    return round((p + q * cumulative / m) * (m - cumulative))


def bass_truncated(cumulative, p, q, m):
    return int((p + q * cumulative / m) * (m - cumulative))


def bass_imitators_of_remaining(cumulative, p, q, m):  # imitation share counted among the remaining
    return (p + q * cumulative / (m - cumulative)) * (m - cumulative) if cumulative < m else 0.0


def bass_p_and_q_swapped(cumulative, q, p, m):  # the parameters in a different (wrong) order
    return (p + q * cumulative / m) * (m - cumulative)


def bass_saturation_guard_wrong(cumulative, p, q, m):
    if cumulative >= m:
        return 0.0
    if cumulative == 0:  # "nobody to imitate: nothing happens"
        return 0.0
    return (p + q * cumulative / m) * (m - cumulative)


def bass_new_total(cumulative, p, q, m):
    return cumulative + (p + q * cumulative / m) * (m - cumulative)


def bass_squared_remaining(cumulative, p, q, m):
    return (p + q * cumulative / m) * (m - cumulative) ** 2 / m


def bass_float32(cumulative, p, q, m):  # a float32 market count: 16.7 million is the last exact integer
    n, m32 = np.float32(cumulative), np.float32(m)
    return (
        float((np.float32(p) + np.float32(q) * n / m32) * (m32 - n))
        if m < 1e7
        else ((p + q * cumulative / m) * (m - cumulative) * (1 + 1e-6))
    )


def bass_cumulative_hazard(cumulative, p, q, m):  # continuous-time increment F(t+1) - F(t) for q = 0
    remaining = m - cumulative
    return remaining * (1 - math.exp(-(p + q * cumulative / m)))


def bass_expanded(cumulative, p, q, m):
    return p * m + (q - p) * cumulative - q * cumulative**2 / m


def bass_shares(cumulative, p, q, m):
    f = cumulative / m
    return m * (p + q * f) * (1 - f)


def bass_numpy(cumulative, p, q, m):
    return float(np.multiply(p + np.divide(q * cumulative, m), np.subtract(m, cumulative)))


def bass_two_groups(cumulative, p, q, m):
    remaining = m - cumulative
    innovators = p * remaining
    imitators = q * (cumulative / m) * remaining
    return innovators + imitators


def bass_clamped(cumulative, p, q, m):  # never more new adopters than people left
    return min(m - cumulative, (p + q * cumulative / m) * (m - cumulative))


# ---- p90 ------------------------------------------------------------------------------------------


def p90_nearest_method(samples):
    return float(np.percentile(samples, 90, method="nearest"))


def p90_higher_method(samples):
    return float(np.percentile(samples, 90, method="higher"))


def p90_weibull(samples):  # Excel's PERCENTILE.EXC
    return float(np.quantile(samples, 0.9, method="weibull"))


def p90_statistics_default(samples):  # statistics.quantiles is 'exclusive' by default
    return statistics.quantiles(list(samples), n=10)[-1] if len(samples) > 1 else float(samples[0])


def p90_nearest_rank(samples):  # the textbook nearest-rank definition
    s = sorted(samples)
    return float(s[math.ceil(0.9 * len(s)) - 1])


def p90_sorts_in_place(samples):
    samples.sort()
    return float(np.percentile(samples, 90))


def p90_sample_std(samples):
    return float(np.mean(samples) + 1.2816 * np.std(samples, ddof=1)) if len(samples) > 1 else float(samples[0])


def p90_truncated(samples):
    return int(np.percentile(samples, 90))


def p90_descending_index(samples):
    s = sorted(samples, reverse=True)
    return float(s[int(0.1 * len(s))])


def p90_of_the_maximum(samples):
    return 0.9 * float(np.max(samples))


def p90_in_a_list(samples):
    return [float(np.percentile(samples, 90))]


def p90_median_unbiased(samples):
    return float(np.quantile(samples, 0.9, method="median_unbiased"))


def p90_statistics_inclusive(samples):
    if len(samples) == 1:
        return float(samples[0])
    return statistics.quantiles([float(s) for s in samples], n=10, method="inclusive")[8]


def p90_tensorflow(samples):  # TensorFlow's sort, then the same linear interpolation
    from utils.environment import import_tensorflow

    tf = import_tensorflow()
    s = tf.sort(tf.constant(np.asarray(samples, dtype=np.float64)))
    position = 0.9 * (int(s.shape[0]) - 1)
    low = int(position)
    high = min(low + 1, int(s.shape[0]) - 1)
    return float(s[low] + (s[high] - s[low]) * (position - low))


def p90_pure_python(samples):
    s = sorted(float(v) for v in samples)
    position = 0.9 * (len(s) - 1)
    low = int(position)
    high = min(low + 1, len(s) - 1)
    return s[low] + (s[high] - s[low]) * (position - low)


def p90_nanpercentile(samples):
    return np.nanpercentile(samples, 90)


def p90_partition(samples):
    x = np.array(samples, dtype=float)
    position = 0.9 * (x.size - 1)
    low = int(np.floor(position))
    high = int(np.ceil(position))
    part = np.partition(x, [low, high])
    return part[low] + (part[high] - part[low]) * (position - low)


# ---- flywheel_threshold ---------------------------------------------------------------------------


def flywheel_strict_inequality(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth < churn:
        return math.inf
    needed = churn * half_quality_data / (growth - churn) - partner_data
    return max(0.0, needed / data_per_user)


def flywheel_no_inf(growth, churn, half_quality_data, data_per_user, partner_data):
    needed = churn * half_quality_data / (growth - churn) - partner_data if growth != churn else 0.0
    return max(0.0, needed / data_per_user)


def flywheel_inf_when_partners_suffice(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth <= churn:
        return math.inf
    needed = churn * half_quality_data / (growth - churn) - partner_data
    return math.inf if needed <= 0 else needed / data_per_user


def flywheel_guards_swapped(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth <= churn:
        return 0.0
    needed = churn * half_quality_data / (growth - churn) - partner_data
    return math.inf if needed <= 0 else needed / data_per_user


def flywheel_half_quality(growth, churn, half_quality_data, data_per_user, partner_data):  # quality 1/2 as the bar
    if growth <= churn:
        return math.inf
    return max(0.0, (half_quality_data - partner_data) / data_per_user)


def flywheel_partner_per_user(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth <= churn:
        return math.inf
    return max(0.0, churn * half_quality_data / (growth - churn) / data_per_user - partner_data)


def flywheel_growth_over_churn(growth, churn, half_quality_data, data_per_user, partner_data):  # K / (g/c - 1)
    if growth <= churn:
        return math.inf
    return max(0.0, (half_quality_data / (growth / churn - 1) - partner_data) / data_per_user) if churn else 0.0


def flywheel_multiplies_data(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth <= churn:
        return math.inf
    return max(0.0, (churn * half_quality_data / (growth - churn) - partner_data) * data_per_user)


def flywheel_churn_over_growth(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth <= churn:
        return math.inf
    return max(0.0, (churn / growth * half_quality_data - partner_data) / data_per_user)


def flywheel_negative(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth <= churn:
        return math.inf
    return (churn * half_quality_data / (growth - churn) - partner_data) / data_per_user


def flywheel_none(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth > churn:
        return max(0.0, (churn * half_quality_data / (growth - churn) - partner_data) / data_per_user)


def flywheel_search(growth, churn, half_quality_data, data_per_user, partner_data):  # steps of one user
    if growth <= churn:
        return math.inf
    users = 0
    while (
        growth * (data_per_user * users + partner_data) / (data_per_user * users + partner_data + half_quality_data)
        <= churn
    ):
        users += 1
    return users


def flywheel_split_terms(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth <= churn:
        return math.inf
    users = churn * half_quality_data / ((growth - churn) * data_per_user) - partner_data / data_per_user
    return max(users, 0.0)


def flywheel_quality_bar(growth, churn, half_quality_data, data_per_user, partner_data):
    if churn >= growth:
        return float("inf")
    quality_needed = churn / growth  # D / (D + K) = churn / growth
    data_needed = quality_needed * half_quality_data / (1 - quality_needed)
    return max(0.0, (data_needed - partner_data) / data_per_user)


def flywheel_numpy(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth - churn <= 0:
        return np.inf
    return np.clip((churn * half_quality_data / (growth - churn) - partner_data) / data_per_user, 0, None)


def flywheel_early_returns(growth, churn, half_quality_data, data_per_user, partner_data):
    if growth <= churn:
        return math.inf
    data_needed = churn * half_quality_data / (growth - churn)
    if partner_data >= data_needed:
        return 0
    return (data_needed - partner_data) / data_per_user


def flywheel_fraction(growth, churn, half_quality_data, data_per_user, partner_data):
    g, c, k, u, e = (Fraction(v) for v in (growth, churn, half_quality_data, data_per_user, partner_data))
    if g <= c:
        return math.inf
    return float(max(Fraction(0), (c * k / (g - c) - e) / u))


BATTERY_WRONG = {
    "ltv_to_cac": [
        (ltv_capped_at_three_years, "expected"),
        (ltv_discounted, "expected"),
        (ltv_margin_in_percent, "expected"),
        (ltv_churn_in_percent, "expected"),
        (ltv_negative_margin_clipped, "negative margin"),
        (ltv_pair, "expected a single number"),
        (ltv_floor_division, "expected"),
        (ltv_one_year, "expected"),
        (ltv_survivors_only, "expected"),
        (ltv_rounded, "expected"),
        (ltv_payback, "expected"),
        (ltv_yearly_revenue, "expected"),
    ],
    "bass_step": [
        (bass_share_not_count, "expected"),
        (bass_innovators_on_whole_market, "expected"),
        (bass_rounded, "expected"),
        (bass_truncated, "expected"),
        (bass_imitators_of_remaining, "expected"),
        (bass_p_and_q_swapped, "expected"),
        (bass_saturation_guard_wrong, "first period"),
        (bass_new_total, "new adopters only"),
        (bass_squared_remaining, "expected"),
        (bass_float32, "expected"),
        (bass_cumulative_hazard, "expected"),
    ],
    "p90": [
        (p90_nearest_method, "expected"),
        (p90_higher_method, "expected"),
        (p90_weibull, "expected"),
        (p90_statistics_default, "expected"),
        (p90_nearest_rank, "expected"),
        (p90_sorts_in_place, "in place"),
        (p90_sample_std, "expected"),
        (p90_truncated, "expected"),
        (p90_descending_index, "expected"),
        (p90_of_the_maximum, "expected"),
        (p90_in_a_list, "expected a single number"),
        (p90_median_unbiased, "expected"),
    ],
    "flywheel_threshold": [
        (flywheel_strict_inequality, "ZeroDivisionError"),
        (flywheel_no_inf, "expected inf"),
        (flywheel_inf_when_partners_suffice, "expected 0"),
        (flywheel_guards_swapped, "expected"),
        (flywheel_half_quality, "expected"),
        (flywheel_partner_per_user, "expected"),
        (flywheel_multiplies_data, "expected"),
        (flywheel_churn_over_growth, "expected"),
        (flywheel_negative, "expected 0"),
        (flywheel_none, "None"),
        (flywheel_search, "expected"),
    ],
}
BATTERY_RIGHT = {
    "ltv_to_cac": [ltv_grouped, ltv_lifetime_first, ltv_numpy, ltv_fraction, ltv_geometric_series],
    "bass_step": [bass_expanded, bass_shares, bass_numpy, bass_two_groups, bass_clamped],
    "p90": [p90_statistics_inclusive, p90_tensorflow, p90_pure_python, p90_nanpercentile, p90_partition],
    "flywheel_threshold": [
        flywheel_split_terms,
        flywheel_quality_bar,
        flywheel_numpy,
        flywheel_early_returns,
        flywheel_fraction,
        flywheel_growth_over_churn,
    ],
}


def _id(value):
    return getattr(value, "__name__", None) or str(value)[:20]


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, cases in BATTERY_WRONG.items() for wrong, words in cases],
    ids=_id,
)
def test_battery_wrong_answer_is_refused_in_words(name, wrong, words):
    feedback = CHECKS[name](wrong)
    assert feedback.status == "failed", str(feedback)
    assert words in feedback.message, str(feedback)
    assert "\n" not in feedback.message and "Traceback" not in feedback.message, str(feedback)


@pytest.mark.parametrize(
    "name, right", [(name, right) for name, rights in BATTERY_RIGHT.items() for right in rights], ids=_id
)
def test_battery_right_answer_passes(name, right):
    feedback = CHECKS[name](right)
    assert feedback.passed, str(feedback)


def test_battery_is_large_enough():
    for name in CHECKS:
        assert len(BATTERY_WRONG[name]) >= 10 and len(BATTERY_RIGHT[name]) >= 5, name
