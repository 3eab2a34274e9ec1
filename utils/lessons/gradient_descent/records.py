"""What each figure notebook 04 records is and what it compares to (read by `utils.results.Recorder`)."""

from __future__ import annotations

from utils.results import FigureInfo

FIGURES: dict[str, FigureInfo] = {
    "article000_converged_prediction": FigureInfo(
        unit="prediction",
        reference=0.912,
        reference_label="article 000 §5.3.4 printed prediction",
        source="closed-form least squares on the article's three samples",
        higher_is_better=False,
        note="any linear model's best prediction for (0.5, 0.6, 0.7)",
    ),
}
