"""What each figure notebook 03 records is and what it compares to (read by `utils.results.Recorder`)."""

from __future__ import annotations

from utils.lessons.big_model_economics.helpers import GPT3_FLOPS, MFU_PALM
from utils.results import FigureInfo

FIGURES: dict[str, FigureInfo] = {
    "gpt3_training_flops_6nd": FigureInfo(
        unit="FLOPs",
        reference=GPT3_FLOPS,
        reference_label="Brown et al. 2020, Table D.1",
        source="6 x N x D with N = 175e9, D = 300e9",
        higher_is_better=False,
        note="computed, not measured",
    ),
    # The CPU figures' notes say how this machine's clock and vector width were read: given where they are recorded,
    # like the clock-based peak, which is measured on the same machine.
    "cpu_matmul_peak_flops_per_s": FigureInfo(
        unit="FLOP/s",
        reference_label="clock-based estimate: cores x clock x FLOPs per cycle",
        source="fastest of 5 float32 2048 x 2048 TensorFlow matmuls, CPU",
    ),
    "cpu_mlp_training_flops_per_s": FigureInfo(unit="FLOP/s", source="784-512-512-10 MLP, batch 256, float32, CPU"),
    "cpu_mlp_utilisation": FigureInfo(
        unit="fraction of measured peak",
        reference=MFU_PALM,
        reference_label="PaLM MFU on TPU v4 (Chowdhery et al. 2022)",
        source="achieved FLOP/s / FLOP/s of a 2048 x 2048 float32 matmul on the same CPU",
    ),
}
