"""Tests of the figures of lesson startup_landscape."""

import pytest
from matplotlib.figure import Figure

from utils.lessons.startup_landscape import figures as startup_figures
from utils.lessons.startup_landscape import helpers as startup
from utils.lessons.startup_landscape.helpers import DEFAULT


def test_tables_and_figure():
    table = startup.assumptions_table()
    for name in ("funding", "team_size", "compute_discount", "gross_margin"):
        assert name in table
    assert "5.00M" in table and "10%" in table
    scenarios = {"a": DEFAULT, "b": DEFAULT.changed(team_size=5)}
    assert "cash runs out after 27.1 months" in startup.runway_table(scenarios)
    assert isinstance(startup_figures.plot_runway(scenarios), Figure)


def test_unknown_assumption_and_bad_arguments_raise():
    with pytest.raises(ValueError, match="unknown assumptions"):
        DEFAULT.changed(headcount=3)
    with pytest.raises(ValueError, match="horizon_months"):
        startup.simulate_runway(DEFAULT, horizon_months=0)
    with pytest.raises(TypeError, match="a must be a StartupAssumptions"):
        startup.simulate_runway({"funding": 1.0})
    with pytest.raises(ValueError, match="scenarios is empty"):
        startup_figures.plot_runway({})
    with pytest.raises(ValueError, match="scenarios is empty"):
        startup.runway_table({})
