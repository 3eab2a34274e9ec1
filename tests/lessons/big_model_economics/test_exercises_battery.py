"""An outside battery for notebook 03's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from utils.environment import import_tensorflow
from utils.lessons.big_model_economics.exercises import (
    check_break_even_volume,
    check_compute_optimal_params,
    check_training_cost,
    check_training_flops,
)

CHECKS = {
    "training_flops": check_training_flops,
    "training_cost": check_training_cost,
    "compute_optimal_params": check_compute_optimal_params,
    "break_even_volume": check_break_even_volume,
}

# ---- training_flops -------------------------------------------------------------------------------


def flops_numpy_product(n_params, n_tokens):  # np.prod of Python ints is int64: it overflows past 9.2e18
    return np.prod([6, n_params, n_tokens])


def flops_three_figures(n_params, n_tokens):  # rounded to three significant figures "for readability"
    return float(f"{6 * n_params * n_tokens:.3g}")


def flops_with_recomputation(n_params, n_tokens):  # 8 N D: activation recomputation counted as training compute
    return 8 * n_params * n_tokens


def flops_in_teraflops(n_params, n_tokens):
    return 6 * n_params * n_tokens / 1e12


def flops_pflop_days(n_params, n_tokens):
    return 6 * n_params * n_tokens / (1e15 * 86400)


def flops_multiply_accumulates(n_params, n_tokens):  # counts a multiply-add as one operation
    return 3 * n_params * n_tokens


def flops_as_text(n_params, n_tokens):
    return f"{6 * n_params * n_tokens:.2e}"


def flops_tokens_in_billions(n_params, n_tokens):
    return 6 * n_params * (n_tokens / 1e9)


def flops_sum_of_passes(n_params, n_tokens):  # forward and backward added per token, but per parameter only
    return 2 * n_params + 4 * n_params * n_tokens


def flops_int32(n_params, n_tokens):  # NumPy int32 arithmetic wraps around
    return int(np.int32(6) * np.int32(min(n_params, 2**31 - 1)) * np.int32(min(n_tokens, 2**31 - 1)))


def flops_square(n_params, n_tokens):  # Chinchilla's D = 20 N substituted although D is given
    return 6 * n_params * 20 * n_params


def flops_printed(n_params, n_tokens):
    print(f"{6 * n_params * n_tokens:.3e} FLOPs")


def flops_passes_added(n_params, n_tokens):
    forward = 2 * n_params * n_tokens
    backward = 2 * forward
    return forward + backward


def flops_math_prod(n_params, n_tokens):
    return math.prod([6, n_params, n_tokens])


def flops_decimal(n_params, n_tokens):
    return float(Decimal(6) * Decimal(n_params) * Decimal(n_tokens))


def flops_int_of_float(n_params, n_tokens):
    return int(6.0 * n_params * n_tokens)


def flops_tensorflow(n_params, n_tokens):
    tf = import_tensorflow()
    return float(tf.constant(6.0, tf.float64) * float(n_params) * float(n_tokens))


# ---- training_cost --------------------------------------------------------------------------------


def cost_in_days(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    return 6 * n_params * n_tokens / (peak_flops * mfu) / 86400 * price_per_gpu_hour


def cost_mfu_in_percent(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    return 6 * n_params * n_tokens / (peak_flops * mfu / 100) / 3600 * price_per_gpu_hour


def cost_peak_in_teraflops(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    return 6 * n_params * n_tokens / (peak_flops * 1e12 * mfu) / 3600 * price_per_gpu_hour


def cost_whole_hours(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    return (6 * n_params * n_tokens / (peak_flops * mfu)) // 3600 * price_per_gpu_hour


def cost_gpu_hours(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):  # forgot the price
    return 6 * n_params * n_tokens / (peak_flops * mfu) / 3600


def cost_hard_coded_a100(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    return 6 * n_params * n_tokens / (312e12 * mfu) / 3600 * price_per_gpu_hour


def cost_price_and_mfu_swapped(n_params, n_tokens, peak_flops, price_per_gpu_hour, mfu):
    return 6 * n_params * n_tokens / (peak_flops * mfu) / 3600 * price_per_gpu_hour


def cost_rounded_to_dollars(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    return round(6 * n_params * n_tokens / (peak_flops * mfu) / 3600 * price_per_gpu_hour)


def cost_mfu_squared(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):  # divides by MFU twice
    hours = 6 * n_params * n_tokens / (peak_flops * mfu) / 3600
    return hours / mfu * price_per_gpu_hour


def cost_per_token(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):  # the cost of one token
    return 6 * n_params / (peak_flops * mfu) / 3600 * price_per_gpu_hour


def cost_in_millions(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    return 6 * n_params * n_tokens / (peak_flops * mfu) / 3600 * price_per_gpu_hour / 1e6


def cost_step_by_step(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    flops = 6 * n_params * n_tokens
    achieved = peak_flops * mfu
    hours = flops / achieved / 60 / 60
    return hours * price_per_gpu_hour


def cost_mfu_percent_guard(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    if mfu > 1:  # accepts 40 as well as 0.4
        mfu = mfu / 100
    return 6 * n_params * n_tokens * price_per_gpu_hour / (peak_flops * mfu * 3600)


def cost_price_per_second(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    price_per_second = price_per_gpu_hour / 3600
    return 6 * n_params * n_tokens / peak_flops / mfu * price_per_second


def cost_fraction(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    n, d, f, u, p = (Fraction(v) for v in (n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour))
    return float(6 * n * d / (f * u) / 3600 * p)


def cost_numpy(n_params, n_tokens, peak_flops, mfu, price_per_gpu_hour):
    return np.float64(6) * n_params * n_tokens / np.multiply(peak_flops, mfu) / 3600.0 * price_per_gpu_hour


# ---- compute_optimal_params -----------------------------------------------------------------------


def params_cube_root(budget_flops):
    return (budget_flops / 120) ** (1 / 3)


def params_sqrt_then_divide(budget_flops):
    return math.sqrt(budget_flops) / 120


def params_in_billions(budget_flops):
    return math.sqrt(budget_flops / 120) / 1e9


def params_tokens_per_param_inverted(budget_flops):  # D = N / 20 instead of D = 20 N
    return math.sqrt(budget_flops / 0.3)


def params_kaplan(budget_flops):  # Kaplan et al.'s N proportional to C^0.73
    return (budget_flops / 6) ** 0.73


def params_doubling_search(budget_flops):  # doubles N until the budget is used up: a power of 2
    n = 1
    while 120 * n * n < budget_flops:
        n *= 2
    return n


def params_wrong_precedence(budget_flops):
    return math.sqrt(budget_flops) / math.sqrt(6) * 20


def params_six_n_squared(budget_flops):  # C = 6 N D with D = N
    return math.sqrt(budget_flops / 6)


def params_both(budget_flops):  # N and D together
    n = math.sqrt(budget_flops / 120)
    return n, 20 * n


def params_half_budget(budget_flops):  # spends half the budget on parameters
    return math.sqrt(budget_flops / 2 / 120)


def params_rounded_millions(budget_flops):
    return round(math.sqrt(budget_flops / 120), -6)


def params_log_space(budget_flops):
    return 10 ** (0.5 * (math.log10(budget_flops) - math.log10(120))) if budget_flops > 0 else 0.0


def params_power(budget_flops):
    return (budget_flops / (6 * 20)) ** 0.5


def params_isqrt(budget_flops):
    return math.isqrt(int(budget_flops / 120))


def params_numpy(budget_flops):
    return np.sqrt(np.float64(budget_flops) / 120)


def params_rounded(budget_flops):
    return round(math.sqrt(budget_flops / 120))


# ---- break_even_volume ----------------------------------------------------------------------------


def volume_strict_guard(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million < self_cost_per_million:
        return math.inf
    return fixed_monthly / (api_price_per_million - self_cost_per_million)


def volume_in_tokens(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million <= self_cost_per_million:
        return math.inf
    return fixed_monthly / (api_price_per_million - self_cost_per_million) * 1e6


def volume_whole_millions(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million <= self_cost_per_million:
        return math.inf
    return math.ceil(fixed_monthly / (api_price_per_million - self_cost_per_million))


def volume_absolute_margin(fixed_monthly, self_cost_per_million, api_price_per_million):
    margin = abs(api_price_per_million - self_cost_per_million)
    return fixed_monthly / margin if margin else math.inf


def volume_clipped_at_zero(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million == self_cost_per_million:
        return math.inf
    return max(0.0, fixed_monthly / (api_price_per_million - self_cost_per_million))


def volume_yearly(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million <= self_cost_per_million:
        return math.inf
    return 12 * fixed_monthly / (api_price_per_million - self_cost_per_million)


def volume_precedence(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million <= self_cost_per_million:
        return math.inf
    return fixed_monthly / api_price_per_million - self_cost_per_million


def volume_no_fixed_is_inf(fixed_monthly, self_cost_per_million, api_price_per_million):
    if fixed_monthly == 0 or api_price_per_million <= self_cost_per_million:
        return math.inf
    return fixed_monthly / (api_price_per_million - self_cost_per_million)


def volume_none_when_cheaper(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million > self_cost_per_million:
        return fixed_monthly / (api_price_per_million - self_cost_per_million)
    return None


def volume_ratio_of_prices(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million <= self_cost_per_million:
        return math.inf
    return (
        fixed_monthly / api_price_per_million * (api_price_per_million / self_cost_per_million)
        if (self_cost_per_million)
        else fixed_monthly / api_price_per_million
    )


def volume_negative_infinity(fixed_monthly, self_cost_per_million, api_price_per_million):
    margin = api_price_per_million - self_cost_per_million
    if margin == 0:
        return math.inf
    return fixed_monthly / margin if margin > 0 else -math.inf


def volume_float_inf(fixed_monthly, self_cost_per_million, api_price_per_million):
    saving = api_price_per_million - self_cost_per_million
    return fixed_monthly / saving if saving > 0 else float("inf")


def volume_try_except(fixed_monthly, self_cost_per_million, api_price_per_million):
    try:
        volume = fixed_monthly / (api_price_per_million - self_cost_per_million)
    except ZeroDivisionError:
        return math.inf
    return volume if volume >= 0 and api_price_per_million > self_cost_per_million else math.inf


def volume_fraction(fixed_monthly, self_cost_per_million, api_price_per_million):
    saving = Fraction(api_price_per_million) - Fraction(self_cost_per_million)
    return math.inf if saving <= 0 else float(Fraction(fixed_monthly) / saving)


def volume_bisection(fixed_monthly, self_cost_per_million, api_price_per_million):
    if api_price_per_million <= self_cost_per_million:
        return math.inf
    low, high = 0.0, 1.0
    while fixed_monthly + self_cost_per_million * high >= api_price_per_million * high:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if fixed_monthly + self_cost_per_million * mid > api_price_per_million * mid:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def volume_numpy(fixed_monthly, self_cost_per_million, api_price_per_million):
    saving = np.float64(api_price_per_million) - self_cost_per_million
    return np.inf if saving <= 0 else fixed_monthly / saving


BATTERY_WRONG = {
    "training_flops": [
        (flops_numpy_product, "whole numbers"),
        (flops_three_figures, "expected"),
        (flops_with_recomputation, "expected"),
        (flops_in_teraflops, "expected"),
        (flops_pflop_days, "expected"),
        (flops_multiply_accumulates, "3 N D"),
        (flops_as_text, "return numbers"),
        (flops_tokens_in_billions, "expected"),
        (flops_sum_of_passes, "expected"),
        (flops_int32, "expected"),
        (flops_square, "expected"),
        (flops_printed, "print"),
    ],
    "training_cost": [
        (cost_in_days, "expected"),
        (cost_mfu_in_percent, "expected"),
        (cost_peak_in_teraflops, "expected"),
        (cost_whole_hours, "expected"),
        (cost_gpu_hours, "expected"),
        (cost_hard_coded_a100, "H100"),
        (cost_price_and_mfu_swapped, "expected"),
        (cost_rounded_to_dollars, "expected"),
        (cost_mfu_squared, "expected"),
        (cost_per_token, "expected"),
        (cost_in_millions, "expected"),
    ],
    "compute_optimal_params": [
        (params_cube_root, "expected"),
        (params_sqrt_then_divide, "expected"),
        (params_in_billions, "expected"),
        (params_tokens_per_param_inverted, "expected"),
        (params_kaplan, "expected"),
        (params_doubling_search, "expected"),
        (params_wrong_precedence, "expected"),
        (params_six_n_squared, "20 tokens"),
        (params_both, "single number"),
        (params_half_budget, "expected"),
        (params_rounded_millions, "expected"),
    ],
    "break_even_volume": [
        (volume_strict_guard, "ZeroDivisionError"),
        (volume_in_tokens, "expected"),
        (volume_whole_millions, "expected"),
        (volume_absolute_margin, "expected inf"),
        (volume_clipped_at_zero, "expected inf"),
        (volume_yearly, "expected"),
        (volume_precedence, "expected"),
        (volume_no_fixed_is_inf, "no fixed cost"),
        (volume_none_when_cheaper, "None"),
        (volume_ratio_of_prices, "expected"),
        (volume_negative_infinity, "expected inf"),
    ],
}
BATTERY_RIGHT = {
    "training_flops": [flops_passes_added, flops_math_prod, flops_decimal, flops_int_of_float, flops_tensorflow],
    "training_cost": [cost_step_by_step, cost_mfu_percent_guard, cost_price_per_second, cost_fraction, cost_numpy],
    "compute_optimal_params": [params_log_space, params_power, params_isqrt, params_numpy, params_rounded],
    "break_even_volume": [volume_float_inf, volume_try_except, volume_fraction, volume_bisection, volume_numpy],
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
