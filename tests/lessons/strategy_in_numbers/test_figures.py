import numpy as np
import pytest
from matplotlib.figure import Figure

from utils.lessons.strategy_in_numbers import figures
from utils.lessons.strategy_in_numbers import helpers as h


def test_every_figure_draws():
    fits = {"a": h.fit_decline([2021.0, 2022.0, 2023.0], [10.0, 1.0, 0.1])}
    years = [h.decimal_year(d) for d, _ in h.PEW_SMARTPHONE]
    shares = [s for _, s in h.PEW_SMARTPHONE]
    bass = h.fit_bass(years, shares, 2007.5)
    drawn = [
        figures.plot_unit_economics([8e9, 70e9], 0.6),
        figures.plot_market_sizing({"x": h.top_down_market(1e9, 0.1, 0.1)}),
        figures.plot_flywheel(h.Flywheel(), [1e4, 3e4], months=12),
        figures.plot_bass(years, shares, bass, until=2022.0),
        figures.plot_team(60.0, 0.03, max_team=20),
        figures.plot_distribution(np.arange(10.0), {"P50": 4.5}, "x", "t"),
        figures.plot_tornado([("a", 1.0, 3.0), ("risk: b", 2.0, 2.5)], centre=2.0),
        figures.plot_cost_decline({"a": ([2021.0, 2022.0, 2023.0], [10.0, 1.0, 0.1])}, fits),
    ]
    assert all(isinstance(f, Figure) for f in drawn)
    assert len(drawn[6].axes[0].patches) == 2


def test_valid_edge_inputs_draw():
    # zero overhead has no fastest team size; a histogram needs no marks; a fit may cover some series only
    assert isinstance(figures.plot_team(60.0, 0.0), Figure)
    assert isinstance(figures.plot_distribution([1.0, 2.0, 2.5], {}, "months", "runway"), Figure)
    series = {"a": ([2021.0, 2024.0], [60.0, 0.06]), "b": ([2022.0, 2024.0], [10.0, 1.0])}
    fits = {"a": h.fit_decline(*series["a"])}
    assert isinstance(figures.plot_cost_decline(series, fits), Figure)
    assert isinstance(figures.plot_flywheel(h.Flywheel(), [0.0, 1e4], months=1), Figure)


@pytest.mark.parametrize(
    "call",
    [
        lambda: figures.plot_unit_economics([], 0.6),
        lambda: figures.plot_market_sizing({}),
        lambda: figures.plot_flywheel(h.Flywheel(), []),
        lambda: figures.plot_distribution([], {}, "x", "t"),
        lambda: figures.plot_distribution([1.0, float("nan")], {}, "x", "t"),
        lambda: figures.plot_tornado([], 0.0),
        lambda: figures.plot_cost_decline({}, {}),
        lambda: figures.plot_team(-1.0, 0.03),
        lambda: figures.plot_team(60.0, 0.03, max_team=10**9),
        lambda: figures.plot_unit_economics([[8e9, 70e9], [1e9]], 0.6),
        lambda: figures.plot_unit_economics([-8e9], 0.6),
        lambda: figures.plot_flywheel(h.Flywheel(), [1e4], months=10**9),
        lambda: figures.plot_tornado([("a", 3.0, 1.0)], 2.0),
        lambda: figures.plot_tornado([("a", 1.0, 3.0)], float("inf")),
        lambda: figures.plot_tornado("abc", 2.0),
        lambda: figures.plot_distribution(3.0, {}, "x", "t"),
        lambda: figures.plot_distribution([1.0, 2.0], {3: 1.0}, "x", "t"),
        lambda: figures.plot_cost_decline({"a": ([2021.0, 2024.0], [60.0, 0.0])}, {}),
        lambda: figures.plot_cost_decline({"a": ([2021.0, 2024.0], [60.0, 1.0])}, {"b": h.fit_decline([1, 2], [2, 1])}),
        lambda: figures.plot_bass(
            [2011.0], [0.35], h.BassFit(0.03, 0.38, 0.9, 2007.0, 0.01), until=2020.0, save="../x"
        ),
    ],
)
def test_bad_inputs_raise(call):
    with pytest.raises((ValueError, TypeError)):
        call()
