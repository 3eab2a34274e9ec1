"""What each figure notebook 02 records is and what it compares to (read by `utils.results.Recorder`)."""

from __future__ import annotations

from utils.lessons.strategy_in_numbers.helpers import (
    BASS_AVERAGE_P,
    BASS_AVERAGE_Q,
    LLMFLATION_SOURCE,
    PEW_SMARTPHONE_SOURCE,
)
from utils.results import FigureInfo

FIGURES: dict[str, FigureInfo] = {
    "flywheel_threshold": FigureInfo(unit="users", higher_is_better=False, note="teaching model, base-case parameters"),
    "bass_p": FigureInfo(
        unit="per year",
        reference=BASS_AVERAGE_P,
        reference_label="Sultan et al. 1990 average",
        source=PEW_SMARTPHONE_SOURCE,
    ),
    "bass_q": FigureInfo(
        unit="per year",
        reference=BASS_AVERAGE_Q,
        reference_label="Sultan et al. 1990 average",
        source=PEW_SMARTPHONE_SOURCE,
    ),
    # The reference of the P50 runway is the deterministic base case of the same run: given where it is recorded.
    "runway_p50_months": FigureInfo(unit="months", reference_label="deterministic base case"),
    "runway_p90_months": FigureInfo(unit="months", note="runway reached in 90% of simulated futures (10th percentile)"),
    "milestone_probability": FigureInfo(unit="probability"),
    "cost_decline_per_year": FigureInfo(
        unit="fraction per year", source=LLMFLATION_SOURCE, note="MMLU >= 42, Nov 2021 - Nov 2024"
    ),
}
