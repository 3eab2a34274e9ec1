"""The figures notebook 07 records for the scoreboard: what each one is and what it compares to."""

from __future__ import annotations

from utils.results import FigureInfo

MNIST_IS = "https://github.com/ChunyuanLI/MNIST_Inception_Score"
MNIST_IS_LABEL = "MNIST test set, ChunyuanLI/MNIST_Inception_Score"
IS_UNIT = "IS (10 classes)"
FD_UNIT = "Fréchet distance (judge features)"
TARGET = "N(4, 1.25²)"  # the 1-D GAN's data distribution

FIGURES: dict[str, FigureInfo] = {
    "gan1d_mean": FigureInfo(
        "value",
        reference=4.0,
        reference_label=f"target mean of {TARGET}",
        higher_is_better=False,
        note="1-D GAN, generated mean",
    ),
    "gan1d_std": FigureInfo(
        "value",
        reference=1.25,
        reference_label=f"target std of {TARGET}",
        higher_is_better=False,
        note="1-D GAN, generated standard deviation",
    ),
    "gan1d_ks": FigureInfo(
        "KS statistic",
        higher_is_better=False,
        note=f"largest CDF gap between generated samples and {TARGET}",
    ),
    "judge_test_accuracy": FigureInfo(
        "accuracy",
        reference=0.9922,
        reference_label="keras-io Simple MNIST convnet (15 epochs)",
        source="https://keras.io/examples/vision/mnist_convnet/",
        split="test",
    ),
    "is_real_test": FigureInfo(IS_UNIT, reference=9.8793, reference_label=MNIST_IS_LABEL, source=MNIST_IS),
    "is_untrained_generator": FigureInfo(IS_UNIT, reference=9.8793, reference_label="MNIST test set", source=MNIST_IS),
    "is_dcgan": FigureInfo(
        IS_UNIT, reference=9.8793, reference_label=MNIST_IS_LABEL, source=MNIST_IS, note="weight-averaged generator"
    ),
    "fd_real_vs_real": FigureInfo(
        FD_UNIT, higher_is_better=False, note="as many training digits as generated samples, against the test set"
    ),
    "fd_dcgan": FigureInfo(
        FD_UNIT,
        reference_label="real-vs-real (training vs test digits)",  # the reference value is measured in the run
        higher_is_better=False,
    ),
    "class_share_min": FigureInfo("share", reference=0.05, reference_label="acceptance: no class below 5%"),
    "class_share_max": FigureInfo(
        "share", reference=0.15, reference_label="acceptance: no class above 15%", higher_is_better=False
    ),
    "dcgan_seconds_per_epoch": FigureInfo(
        "s",
        reference=60.0,
        reference_label="TensorFlow DCGAN tutorial, ~1 min/epoch on Colab",
        source="https://www.tensorflow.org/tutorials/generative/dcgan",
        higher_is_better=False,
    ),
    "dcgan_train_seconds": FigureInfo(
        "s", higher_is_better=False, note="no reference (the tutorial's time per epoch is above)"
    ),
}
