"""The figures notebook 08 records for the scoreboard: what each one is and what it compares to."""

from __future__ import annotations

from utils.results import FigureInfo

FIT_TIME = "wall time of fit(), including validation"
BEST = "the model best on validation, threshold 0.5"

FIGURES: dict[str, FigureInfo] = {
    "embedding_test_accuracy": FigureInfo(
        "accuracy",
        reference=0.86,
        reference_label="TensorFlow 'Basic text classification' (Embedding + GAP), about 86%",
        source="https://www.tensorflow.org/tutorials/keras/text_classification",
        note="Embedding + average pooling",
        split="test",
    ),
    "embedding_train_seconds": FigureInfo("s", higher_is_better=False, note=FIT_TIME),
    "scrambled_labels_val_accuracy": FigureInfo(
        "accuracy",
        reference=0.5,
        reference_label="chance on balanced two-class labels",
        higher_is_better=False,
        note="tiny run, labels shuffled independently of the texts",
        split="validation",
    ),
    "tiny_true_labels_val_accuracy": FigureInfo("accuracy", note="tiny run, true labels", split="validation"),
    "bigram_test_accuracy": FigureInfo(
        "accuracy",
        reference=0.90,
        reference_label="bag of bigrams, about 90% (Chollet, Deep Learning with Python, 2nd ed., §11.3)",
        source="F. Chollet, Deep Learning with Python, 2nd ed., Manning 2021, §11.3",
        note="bag of bigrams + dense",
        split="test",
    ),
    "bigram_train_seconds": FigureInfo("s", higher_is_better=False, note=FIT_TIME),
    "best_test_accuracy": FigureInfo("accuracy", note=BEST, split="test"),
    "best_test_precision": FigureInfo("precision", note=BEST, split="test"),
    "best_test_recall": FigureInfo("recall", note=BEST, split="test"),
    "best_test_f1": FigureInfo("f1", note=BEST, split="test"),
    "embedding_main_direction_share": FigureInfo(
        "fraction of variance", note="first principal component of the learnt word vectors"
    ),
    "end_to_end_model_mb": FigureInfo("MB", higher_is_better=False, note="the saved model that reads raw text"),
}
