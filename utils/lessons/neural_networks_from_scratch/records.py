"""What each figure notebook 05 records is and what it compares to (read by `utils.results.Recorder`)."""

from __future__ import annotations

from utils.results import FigureInfo

FIGURES: dict[str, FigureInfo] = {
    # The reference, logistic regression's accuracy on the same data, is measured in the same run.
    "xor_231_train_accuracy": FigureInfo(
        unit="accuracy",
        reference_label="logistic regression on the same data",
        source="this notebook",
        note="2-3-1 ReLU/sigmoid network, 1000 full-batch GD steps",
    ),
}
