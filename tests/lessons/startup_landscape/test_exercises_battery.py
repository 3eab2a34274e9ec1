"""An outside battery for notebook 01's checkers: new plausible wrong answers (each wrong on some inputs only) and
right answers written differently, as a learner would write them. Every wrong one must be refused in words, every
right one accepted."""

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest

from utils.lessons.startup_landscape.exercises import check_cagr, check_challenges_map, check_months_of_runway

CHECKS = {"cagr": check_cagr, "months_of_runway": check_months_of_runway, "challenges_map": check_challenges_map}

# ---- cagr -----------------------------------------------------------------------------------------


def cagr_integer_exponent(start, end, years):  # 1 // years is 0 for every year count above 1
    return (end / start) ** (1 // years) - 1


def cagr_rounded(start, end, years):  # rounded "for display" to 4 places
    return round((end / start) ** (1 / years) - 1, 4)


def cagr_fencepost(start, end, years):  # counts the gaps between yearly data points as years - 1
    return (end / start) ** (1 / (years - 1)) - 1 if years > 1 else end / start - 1


def cagr_never_negative(start, end, years):  # a shrinking market reported as 0% growth
    return max(0.0, (end / start) ** (1 / years) - 1)


def cagr_absolute(start, end, years):
    return abs((end / start) ** (1 / years) - 1)


def cagr_stepped_search(start, end, years):  # searches upward from 0 in steps of 0.0001
    r = 0.0
    while start * (1 + r) ** years < end:
        r += 0.0001
    return r


def cagr_as_text(start, end, years):
    return f"{(end / start) ** (1 / years) - 1:.2%}"


def cagr_in_an_array(start, end, years):
    return np.array([(end / start) ** (1 / years) - 1])


def cagr_monthly(start, end, years):  # the monthly rate instead of the yearly one
    return (end / start) ** (1 / (12 * years)) - 1


def cagr_whole_years(start, end, years):  # rounds the period to whole years first
    return (end / start) ** (1 / round(years)) - 1 if round(years) else end / start - 1


def cagr_log10(start, end, years):  # log10 growth per year, without going back through 10**
    return math.log10(end / start) / years


def cagr_prints(start, end, years):
    print(f"CAGR: {(end / start) ** (1 / years) - 1:.4f}")


def cagr_pow(start, end, years):
    return pow(end / start, 1 / years) - 1


def cagr_exp_log(start, end, years):
    return math.exp(math.log(end / start) / years) - 1


def cagr_expm1(start, end, years):
    return float(np.expm1(np.log(end / start) / years))


def cagr_bisection(start, end, years):
    low, high = -1.0, 1.0
    while start * (1 + high) ** years < end:
        high *= 2
    for _ in range(200):
        mid = (low + high) / 2
        if start * (1 + mid) ** years < end:
            low = mid
        else:
            high = mid
    return (low + high) / 2


def cagr_decimal(start, end, years):
    ratio = Decimal(str(end)) / Decimal(str(start))
    return float(ratio ** (Decimal(1) / Decimal(str(years))) - 1)


def cagr_numpy_scalar(start, end, years):
    return np.power(np.float64(end) / start, 1.0 / years) - 1.0


# ---- months_of_runway -----------------------------------------------------------------------------


def runway_zero_division(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    if burn < 0:  # forgets the break-even case
        return math.inf
    return cash / burn


def runway_minus_one(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    return cash / burn if burn > 0 else -1


def runway_none_when_profitable(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    return cash / burn if burn > 0 else None


def runway_compute_per_person(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * (cost_per_person_month + compute_per_month) - revenue_per_month
    return cash / burn if burn > 0 else math.inf


def runway_no_default(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    return cash / burn if burn > 0 else math.inf


def runway_rounded(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    return round(cash / burn, 1) if burn > 0 else math.inf


def runway_month_loop(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    if burn <= 0:
        return math.inf
    months = 0
    while cash > 0:  # counts the last, partial month as a whole one
        cash -= burn
        months += 1
    return months


def runway_loop_forever(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    months = 0.0
    while cash > 0:  # never ends when revenue covers the costs
        step = min(1.0, cash / burn) if burn > 0 else 1.0
        cash -= burn * step
        months += step
    return months


def runway_revenue_as_margin(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    # treats revenue as net of 30% costs
    burn = team_size * cost_per_person_month + compute_per_month - 0.7 * revenue_per_month
    return cash / burn if burn > 0 else math.inf


def runway_zero_cash_is_inf(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    if burn <= 0 or cash <= 0:
        return math.inf
    return cash / burn


def runway_no_team_no_burn(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    if team_size == 0:  # "no team, nothing to pay"
        return math.inf
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    return cash / burn if burn > 0 else math.inf


def runway_years(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    return cash / (12 * burn) if burn > 0 else math.inf


def runway_under_a_month_is_zero(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = team_size * cost_per_person_month + compute_per_month - revenue_per_month
    if burn <= 0:
        return math.inf
    return 0.0 if cash < burn else cash / burn  # "not even one month left"


def runway_float_inf(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    costs = team_size * cost_per_person_month + compute_per_month
    if revenue_per_month >= costs:
        return float("inf")
    return cash / (costs - revenue_per_month)


def runway_try_except(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    try:
        months = cash / (team_size * cost_per_person_month + compute_per_month - revenue_per_month)
    except ZeroDivisionError:
        return math.inf
    return months if months >= 0 else math.inf


def runway_numpy(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = np.float64(team_size) * cost_per_person_month + compute_per_month - revenue_per_month
    return np.inf if burn <= 0 else np.float64(cash) / burn


def runway_fraction(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    burn = Fraction(team_size) * Fraction(cost_per_person_month) + Fraction(compute_per_month)
    burn -= Fraction(revenue_per_month)
    return math.inf if burn <= 0 else float(Fraction(cash) / burn)


def runway_keyword_order(cash, team_size, cost_per_person_month, compute_per_month, revenue_per_month=0.0):
    monthly = {"people": team_size * cost_per_person_month, "compute": compute_per_month}
    net = sum(monthly.values()) - revenue_per_month
    return cash / net if net > 0 else math.inf


# ---- challenges_map -------------------------------------------------------------------------------


def map_five_edges():
    return [("Cost", "Credits"), ("Data", "Partners"), ("Talent", "Training"), ("Cost", "Data"), ("Data", "Talent")]


def map_two_pieces():
    return [
        ("Cost", "Credits"),
        ("Cost", "Smaller models"),
        ("Data", "Partners"),
        ("Data", "Synthetic data"),
        ("Talent", "Training"),
        ("Talent", "Remote hiring"),
    ]


def map_as_dict():
    return {
        "Compute cost": "Credits",
        "Data": "Partners",
        "Talent": "Training",
        "Privacy": "Federated learning",
        "Competition": "Niche",
        "Interpretability": "Audits",
    }


def map_as_set():
    return {
        ("Startup", "Cost"),
        ("Startup", "Data"),
        ("Startup", "Talent"),
        ("Cost", "Credits"),
        ("Data", "Partners"),
        ("Talent", "Training"),
    }


def map_generator():
    hub = "Startup"
    for challenge, remedy in [("Cost", "Credits"), ("Data", "Partners"), ("Talent", "Training")]:
        yield (hub, challenge)
        yield (challenge, remedy)


def map_repeated_edge():
    return [
        ("Startup", "Cost"),
        ("Startup", "Data"),
        ("Cost", "Credits"),
        ("Data", "Partners"),
        ("Startup", "Cost"),
        ("Cost", "Credits"),
    ]


def map_self_loop():
    return [
        ("Startup", "Cost"),
        ("Startup", "Data"),
        ("Cost", "Credits"),
        ("Data", "Partners"),
        ("Startup", "Talent"),
        ("Talent", "Talent"),
    ]


def map_numbers():
    return [(1, 2), (1, 3), (1, 4), (2, 5), (3, 6), (4, 7)]


def map_strings_with_arrows():
    return [
        "Startup -> Cost",
        "Startup -> Data",
        "Startup -> Talent",
        "Cost -> Credits",
        "Data -> Partners",
        "Talent -> Training",
    ]


def map_empty_name():
    return [
        ("Startup", "Cost"),
        ("Startup", "Data"),
        ("Startup", ""),
        ("Cost", "Credits"),
        ("Data", "Partners"),
        ("Startup", "Talent"),
    ]


def map_triples_of_nodes():
    return [("Startup", "Cost", "Credits"), ("Startup", "Data", "Partners")]


def map_printed():
    edges = [
        ("Startup", "Cost"),
        ("Startup", "Data"),
        ("Startup", "Talent"),
        ("Cost", "Credits"),
        ("Data", "Partners"),
        ("Talent", "Training"),
    ]
    print(edges)


def map_list_of_lists():
    return [
        ["Startup", "Compute cost"],
        ["Startup", "Data"],
        ["Startup", "Talent"],
        ["Compute cost", "Credits"],
        ["Data", "Partners"],
        ["Talent", "Training"],
    ]


def map_with_labels():
    return [
        ("Startup", "Compute cost", "faces"),
        ("Startup", "Data", "needs"),
        ("Startup", "Talent", "needs"),
        ("Compute cost", "Credits", "eased by"),
        ("Data", "Partners", "from"),
        ("Talent", "Training", "grown by"),
    ]


def map_tuple_of_tuples():
    return (
        ("Compute cost", "Cloud credits"),
        ("Cloud credits", "Runway"),
        ("Data", "Partnerships"),
        ("Partnerships", "Runway"),
        ("Talent", "Remote team"),
        ("Remote team", "Runway"),
    )


def map_built_in_a_loop():
    remedies = {
        "Compute cost": "Smaller models",
        "Data privacy": "Anonymisation",
        "Talent": "Mentoring",
        "Interpretability": "Audits",
        "Competition": "A niche",
    }
    edges = []
    for challenge, remedy in remedies.items():
        edges.append(("Startup", challenge))
        edges.append((challenge, remedy))
    return edges


def map_chain():
    steps = [
        "Compute cost",
        "Smaller models",
        "Cheaper serving",
        "Lower prices",
        "More users",
        "More data",
        "Better models",
    ]
    return list(zip(steps, steps[1:]))


BATTERY_WRONG = {
    "cagr": [
        (cagr_integer_exponent, "expected"),
        (cagr_rounded, "expected"),
        (cagr_fencepost, "expected"),
        (cagr_never_negative, "shrinks"),
        (cagr_absolute, "shrinks"),
        (cagr_stepped_search, "expected"),
        (cagr_as_text, "return numbers"),
        (cagr_in_an_array, "single number"),
        (cagr_monthly, "expected"),
        (cagr_whole_years, "expected"),
        (cagr_log10, "expected"),
        (cagr_prints, "print"),
    ],
    "months_of_runway": [
        (runway_zero_division, "ZeroDivisionError"),
        (runway_minus_one, "expected inf"),
        (runway_none_when_profitable, "None"),
        (runway_compute_per_person, "expected"),
        (runway_no_default, "default"),
        (runway_rounded, "expected"),
        (runway_month_loop, "expected"),
        (runway_loop_forever, "did not return"),
        (runway_revenue_as_margin, "expected"),
        (runway_zero_cash_is_inf, "no cash"),
        (runway_no_team_no_burn, "no team"),
        (runway_years, "expected"),
        (runway_under_a_month_is_zero, "less than one month"),
    ],
    "challenges_map": [
        (map_five_edges, "at least 6"),
        (map_two_pieces, "separate pieces"),
        (map_as_dict, "list"),
        (map_as_set, "list"),
        (map_generator, "list"),
        (map_repeated_edge, "repeats"),
        (map_self_loop, "self-loop"),
        (map_numbers, "strings"),
        (map_strings_with_arrows, "tuple"),
        (map_empty_name, "empty"),
        (map_triples_of_nodes, "edges"),
        (map_printed, "print"),
    ],
}
BATTERY_RIGHT = {
    "cagr": [cagr_pow, cagr_exp_log, cagr_expm1, cagr_bisection, cagr_decimal, cagr_numpy_scalar],
    "months_of_runway": [runway_float_inf, runway_try_except, runway_numpy, runway_fraction, runway_keyword_order],
    "challenges_map": [map_list_of_lists, map_with_labels, map_tuple_of_tuples, map_built_in_a_loop, map_chain],
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
