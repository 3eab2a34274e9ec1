"""A battery of bad inputs for every public function: each argument of a valid call is replaced in turn.

For every function in VALID (a call that must succeed: valid input is never refused), each argument is swapped
for each generic bad value of its kind (NaN, inf, text for a number; a float, a bool, a huge number for a count;
a number for a name; ragged, empty, complex, text arrays...). Every such call must raise ValueError, TypeError or
FileNotFoundError from the course's own code (not from NumPy, Matplotlib or TensorFlow) with a message that names
the argument, within a time limit; the only calls allowed to succeed are listed in ACCEPTED, each a valid input.
tests/test_validation_coverage.py keeps hand-written bad inputs per function; this file catches whole classes.
"""

from __future__ import annotations

import importlib
import inspect
import re
import signal
import traceback
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.test_validation_coverage import PLAIN_CORES
from utils import course, plots
from utils.lessons.model_to_product import distributed
from utils.lessons.model_to_product import scoreboard as sb
from utils.lessons.neural_networks_from_scratch import helpers as nn
from utils.lessons.startup_landscape import concept_maps
from utils.lessons.startup_landscape import helpers as startup
from utils.lessons.strategy_in_numbers import helpers as strategy

UTILS = Path(__file__).resolve().parent.parent / "utils"
AUTHORING = UTILS.parent / "authoring"
ERRORS = (ValueError, TypeError, FileNotFoundError)
NAN = float("nan")
HUGE = 10**30
RNG = np.random.default_rng(0)
EDGES = [("a", "b"), ("b", "c"), ("c", "a")]
BASS = strategy.BassFit(p=0.03, q=0.38, m=0.9, start=2007.0, rmse=0.01)
RESULTS = {
    "06_cnn_lab": {
        "notebook": "06_cnn_lab",
        "profile": "quick",
        "figures": {"x": {"value": 0.9, "unit": "accuracy", "reference": 0.95}},
    }
}
IMAGES = RNG.random((4, 6, 6))
GRID = np.linspace(0, 8, 50)
SNAPSHOT = {"step": 0, "samples": RNG.normal(4, 1, 200), "d_grid": np.full(50, 0.5)}


class _Fresh:
    """A value made anew for every call (a figure a call may draw on, a port free right now)."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def _figure() -> Any:
    return plots.new_figure()[0]


FIGURE = _Fresh(_figure)


def _plot(lr: float = 0.1) -> Any:
    fig, ax = plots.new_figure()
    ax.plot([0, 1], [0, lr])
    return fig


ACTIVATIONS = ("leaky_relu", "leaky_relu_grad", "relu", "relu_grad", "sigmoid", "sigmoid_grad", "tanh", "tanh_grad")

# name (without "utils.") -> (args, kwargs) of a call that must succeed
VALID: dict[str, tuple[tuple, dict]] = {
    "results.figure_table": (("06_cnn_lab",), {}),
    "results.lesson_of": (("06_cnn_lab",), {}),
    "plots.confusion_matrix": (([0, 1, 1], [0, 1, 0]), {}),
    "plots.figure_alt_text": ((FIGURE,), {}),
    "plots.figure_size": ((4.0, "argname"), {}),
    "plots.image_grid": ((IMAGES,), {"labels": list("abcd"), "ncols": 2}),
    "plots.matplotlib_patch": (("#1f77b4", "a"), {}),
    "plots.new_figure": ((), {"ncols": 2, "nrows": 1, "width": 4.0, "height": 3.0}),
    "plots.plot_confusion_matrix": (([0, 1, 1], [0, 1, 0]), {"class_names": ["a", "b"]}),
    "plots.plot_course_map": ((course.COURSE_MAP[:3],), {}),
    "plots.plot_history": (({"loss": [1.0, 0.5], "val_loss": [1.1, 0.7]},), {}),
    "plots.plot_lines": (([1.0, 2.0, 3.0], {"a": [1.0, 2.0, 3.0]}), {"logx": True}),
    "plots.save_figure": ((FIGURE, None), {}),
    "progress.fit_progress": (("training",), {}),
    "progress.format_duration": ((65.0,), {}),
    "plots.set_alt_text": ((FIGURE, "a figure"), {}),
    "course.with_badge": (("# 05 · Title\nsummary", "05_x.ipynb"), {}),
    "course.without_badge": (("# 05 · Title",), {}),
    "course.badge_markdown": (("05_x.ipynb",), {}),
    "course.colab_url": (("05_x.ipynb",), {}),
    "course.repo_url": ((), {"slug": "a/b"}),
    "course.setup_cell_source": ((), {"slug": "a/b", "ref": "v1"}),
    "environment.check_versions": (({"keras": "3.15"},), {}),
    "environment.parse_version": (("3.10.1",), {}),
    "environment.version_problems": (({"keras": "3.15"},), {}),
    "seeding.seed_everything": ((1,), {}),
    "source.show_source": ((nn.relu,), {}),
    "widgets.interact": ((_plot,), {"show": False, "lr": (0.0, 1.0, 0.1, 0.5)}),
    "widgets.make_control": (("lr", (0.0, 1.0, 0.1)), {}),
    "colab.missing_packages": ((), {}),
    "profile.profile": (("quick",), {}),
    "validation.as_float_array": (([1.0],), {"name": "argname"}),
    "validation.check_one_hot_rows": ((np.array([[0.0, 1.0]]),), {"name": "argname"}),
    "validation.check_probabilities": ((np.array([0.5]),), {"name": "argname"}),
    "validation.file_stem": (("curve",), {"name": "argname"}),
    "validation.finite_array": (([1.0],), {"name": "argname"}),
    "validation.flag": ((True, "argname"), {}),
    "validation.float_pair": (([1.0], [2.0]), {"names": ("argname", "argname2")}),
    "validation.function": ((len, "argname"), {}),
    "validation.instance_of": ((3, "argname", int), {}),
    "validation.integer_labels": (([0, 1],), {"name": "argname"}),
    "validation.mapping": (({"a": 1}, "argname"), {}),
    "validation.non_negative_number": ((0.0, "argname"), {}),
    "validation.one_of": (("a", "argname", ["a", "b"]), {}),
    "validation.positive_int": ((1, "argname"), {}),
    "validation.positive_number": ((1.0, "argname"), {}),
    "validation.probability": ((0.5, "argname"), {}),
    "validation.real_number": ((1.0, "argname"), {}),
    "validation.sequence": (([1, 2], "argname"), {}),
    "validation.text": (("a", "argname"), {}),
    "validation.whole_number": ((2, "argname"), {}),
    # 01
    "lessons.startup_landscape.concept_maps.circle_layout": ((EDGES,), {}),
    "lessons.startup_landscape.concept_maps.compute_layout": ((EDGES,), {"kind": "layered"}),
    "lessons.startup_landscape.concept_maps.draw_concept_map": ((EDGES,), {"title": "t", "highlight": ["a"]}),
    "lessons.startup_landscape.concept_maps.is_connected": ((EDGES,), {}),
    "lessons.startup_landscape.concept_maps.is_single_cycle": ((concept_maps.validate_edges(EDGES),), {}),
    "lessons.startup_landscape.concept_maps.layer_of": ((concept_maps.validate_edges(EDGES),), {}),
    "lessons.startup_landscape.concept_maps.layered_layout": ((concept_maps.validate_edges(EDGES),), {}),
    "lessons.startup_landscape.concept_maps.nodes_of": ((concept_maps.validate_edges(EDGES),), {}),
    "lessons.startup_landscape.concept_maps.validate_edges": ((EDGES,), {}),
    "lessons.startup_landscape.figures.plot_runway": (({"base": startup.DEFAULT},), {"horizon_months": 24}),
    "lessons.startup_landscape.helpers.assumptions_table": ((startup.DEFAULT,), {}),
    "lessons.startup_landscape.helpers.check_scenarios": (({"base": startup.DEFAULT},), {}),
    "lessons.startup_landscape.helpers.format_value": (("funding", 1e6), {}),
    "lessons.startup_landscape.helpers.monthly_burn_before_revenue": ((startup.DEFAULT,), {}),
    "lessons.startup_landscape.helpers.monthly_compute_cost": ((startup.DEFAULT,), {}),
    "lessons.startup_landscape.helpers.monthly_team_cost": ((startup.DEFAULT,), {}),
    "lessons.startup_landscape.helpers.runway_table": (({"base": startup.DEFAULT},), {"horizon_months": 24}),
    "lessons.startup_landscape.helpers.simulate_runway": ((startup.DEFAULT,), {"horizon_months": 24}),
    # 02
    "lessons.strategy_in_numbers.figures.plot_bass": (([2011.0, 2012.0], [0.35, 0.45], BASS, 2025.0), {}),
    "lessons.strategy_in_numbers.figures.plot_cost_decline": (
        ({"a": ([2021.0, 2024.0], [60.0, 0.06])}, {"a": strategy.fit_decline([2021.0, 2024.0], [60.0, 0.06])}),
        {},
    ),
    "lessons.strategy_in_numbers.figures.plot_distribution": (([1.0, 2.0, 3.0], {"P50": 2.0}, "months", "runway"), {}),
    "lessons.strategy_in_numbers.figures.plot_flywheel": ((strategy.Flywheel(), [1e4, 2e4]), {"months": 12}),
    "lessons.strategy_in_numbers.figures.plot_market_sizing": (({"top": strategy.top_down_market(1e9, 0.1, 0.1)},), {}),
    "lessons.strategy_in_numbers.figures.plot_team": ((60.0, 0.03), {"max_team": 20}),
    "lessons.strategy_in_numbers.figures.plot_tornado": (([("a", 1.0, 3.0)], 2.0), {}),
    "lessons.strategy_in_numbers.figures.plot_unit_economics": (([8e9, 70e9], 0.6), {}),
    "lessons.strategy_in_numbers.helpers.bass_cumulative": (([1.0, 2.0], 0.03, 0.38), {"m": 1.0}),
    "lessons.strategy_in_numbers.helpers.bass_step": ((0.2, 0.03, 0.38, 1.0), {}),
    "lessons.strategy_in_numbers.helpers.best_team_size": ((0.03,), {}),
    "lessons.strategy_in_numbers.helpers.bottom_up_market": ((1e6, 20.0, 0.5, 0.1), {}),
    "lessons.strategy_in_numbers.helpers.communication_channels": ((5,), {}),
    "lessons.strategy_in_numbers.helpers.decimal_year": (("2013-05-19",), {}),
    "lessons.strategy_in_numbers.helpers.delivery_months": (([1, 5], 60.0, 0.03), {}),
    "lessons.strategy_in_numbers.helpers.fit_bass": (([2011.0, 2012.0, 2013.0], [0.35, 0.45, 0.56], 2007.0), {}),
    "lessons.strategy_in_numbers.helpers.fit_decline": (([2021.0, 2024.0], [60.0, 0.06]), {}),
    "lessons.strategy_in_numbers.helpers.flywheel_threshold": ((strategy.Flywheel(),), {}),
    "lessons.strategy_in_numbers.helpers.gross_margin": ((2.0, 0.5), {}),
    "lessons.strategy_in_numbers.helpers.lifetime_value": ((100.0, 0.6, 0.05), {}),
    "lessons.strategy_in_numbers.helpers.ltv_to_cac": ((100.0, 0.6, 0.05, 400.0), {}),
    "lessons.strategy_in_numbers.helpers.milestone_reached": ((strategy.RUNWAY_BASE, 24), {}),
    "lessons.strategy_in_numbers.helpers.monte_carlo_runway": (
        (strategy.RUNWAY_BASE, strategy.RISK_REGISTER, 5, np.random.default_rng(0)),
        {"horizon": 24},
    ),
    "lessons.strategy_in_numbers.helpers.payback_months": ((600.0, 100.0, 0.6), {}),
    "lessons.strategy_in_numbers.helpers.percentile": (([1.0, 2.0, 3.0], 50.0), {}),
    "lessons.strategy_in_numbers.helpers.revenue_path": ((1e9, 1e-6, 0.5, 0.5, 5), {}),
    "lessons.strategy_in_numbers.helpers.risk_register_table": (
        (strategy.RUNWAY_BASE, strategy.RISK_REGISTER),
        {"horizon": 24},
    ),
    "lessons.strategy_in_numbers.helpers.sample_pert": ((strategy.ML_PROJECT[0], 5, np.random.default_rng(0)), {}),
    "lessons.strategy_in_numbers.helpers.serving_cost_per_million": ((8e9,), {}),
    "lessons.strategy_in_numbers.helpers.simulate_flywheel": ((strategy.Flywheel(), 1e4), {"months": 12}),
    "lessons.strategy_in_numbers.helpers.simulate_schedule": ((strategy.ML_PROJECT, 5, np.random.default_rng(0)), {}),
    "lessons.strategy_in_numbers.helpers.time_to_share": ((0.5, 0.03, 0.38), {}),
    "lessons.strategy_in_numbers.helpers.top_down_market": ((1e9, 0.1, 0.1), {}),
    "lessons.strategy_in_numbers.helpers.tornado": ((strategy.RUNWAY_BASE,), {"horizon": 24}),
    "lessons.strategy_in_numbers.helpers.volume_growth_to_hold_revenue": ((0.5,), {}),
    "lessons.strategy_in_numbers.helpers.what_would_have_to_be_true": ((1e9, 1e7, 5, 10, 25), {}),
    # 03
    "lessons.big_model_economics.figures.plot_break_even": ((1e4, 0.1, 0.5), {}),
    "lessons.big_model_economics.figures.plot_compute_optimal": ((), {}),
    "lessons.big_model_economics.figures.plot_cost_vs_size": ((), {"gpu": "A100", "mfu": 0.4}),
    "lessons.big_model_economics.figures.plot_training_calculator": ((7.0, 140.0), {}),
    "lessons.big_model_economics.helpers.assumptions_table": ((), {}),
    "lessons.big_model_economics.helpers.break_even_volume": ((1e4, 0.1, 0.5), {}),
    "lessons.big_model_economics.helpers.compute_optimal": ((1e23,), {}),
    "lessons.big_model_economics.helpers.dense_training_step_flops": (([(4, 3), (3, 2)], 8), {}),
    "lessons.big_model_economics.helpers.estimate_cpu_peak": (("flags : avx2 fma\ncpu MHz : 3000\n",), {"cores": 2}),
    "lessons.big_model_economics.helpers.estimate_training": ((1e9, 2e10), {}),
    "lessons.big_model_economics.helpers.gpu_hours": ((1e20, 312e12, 0.4), {}),
    "lessons.big_model_economics.helpers.inference_cost_per_million": ((8e9,), {}),
    "lessons.big_model_economics.helpers.inference_flops_per_token": ((8e9,), {}),
    "lessons.big_model_economics.helpers.self_host_monthly_cost": (([1.0, 10.0], 1e4, 0.1), {}),
    "lessons.big_model_economics.helpers.tokens_per_gpu_month": ((8e9,), {}),
    "lessons.big_model_economics.helpers.training_flops": ((1e9, 2e10), {}),
    # 04
    "lessons.gradient_descent.figures.plot_contour_paths": (
        (lambda a, b: a**2 + b**2 + 0.1, {"gd": [[1.0, 1.0], [0.5, 0.5]]}, (-2, 2), (-2, 2)),
        {},
    ),
    "lessons.gradient_descent.figures.plot_descent_1d": ((lambda w: w**2, {"gd": [1.0, 0.5]}, (-2, 2)), {}),
    "lessons.gradient_descent.helpers.binary_cross_entropy": (([1.0, 0.0], [0.9, 0.2]), {}),
    "lessons.gradient_descent.helpers.binary_cross_entropy_grad": (([1.0, 0.0], [0.9, 0.2]), {}),
    "lessons.gradient_descent.helpers.categorical_cross_entropy": (([[1.0, 0.0]], [[0.7, 0.3]]), {}),
    "lessons.gradient_descent.helpers.categorical_cross_entropy_grad": (([[1.0, 0.0]], [[0.7, 0.3]]), {}),
    "lessons.gradient_descent.helpers.make_line_data": ((), {"n": 8}),
    "lessons.gradient_descent.helpers.mse": (([1.0, 2.0], [1.5, 2.0]), {}),
    "lessons.gradient_descent.helpers.mse_grad": (([1.0, 2.0], [1.5, 2.0]), {}),
    "lessons.gradient_descent.helpers.numerical_gradient": ((lambda x: float(np.sum(x**2)), [1.0, 2.0]), {}),
    "lessons.gradient_descent.helpers.relative_error": (([1.0, 2.0], [1.0, 2.1]), {}),
    # 05
    "lessons.neural_networks_from_scratch.figures.plot_activations": (({"relu": (nn.relu, nn.relu_grad)},), {}),
    "lessons.neural_networks_from_scratch.figures.plot_decision_boundaries": (
        (RNG.normal(size=(8, 2)), [0, 1] * 4),
        {"resolution": 20},
    ),
    **{
        f"lessons.neural_networks_from_scratch.helpers.{name}": (([1.0, -1.0],), {})
        for name in (
            "leaky_relu",
            "leaky_relu_grad",
            "relu",
            "relu_grad",
            "sigmoid",
            "sigmoid_grad",
            "tanh",
            "tanh_grad",
        )
    },
    "lessons.neural_networks_from_scratch.helpers.log_softmax": (([[1.0, 2.0]],), {}),
    "lessons.neural_networks_from_scratch.helpers.make_xor_blobs": ((), {"n": 8}),
    "lessons.neural_networks_from_scratch.helpers.sigmoid_cross_entropy": (([1.0, 0.0], [2.0, -1.0]), {}),
    "lessons.neural_networks_from_scratch.helpers.sigmoid_cross_entropy_grad": (([1.0, 0.0], [2.0, -1.0]), {}),
    "lessons.neural_networks_from_scratch.helpers.softmax": (([[1.0, 2.0]],), {}),
    "lessons.neural_networks_from_scratch.helpers.softmax_cross_entropy": (([[1.0, 0.0]], [[2.0, 1.0]]), {}),
    "lessons.neural_networks_from_scratch.helpers.softmax_cross_entropy_grad": (([[1.0, 0.0]], [[2.0, 1.0]]), {}),
    # 06
    "lessons.cnn_lab.helpers.flip_shift_batches": (
        (RNG.integers(0, 256, (4, 8, 8, 3), dtype=np.uint8), [0, 1, 2, 3], 2, 1),
        {},
    ),
    "lessons.cnn_lab.helpers.load_ablation": ((str(UTILS / "lessons" / "cnn_lab" / "ablation.csv"),), {}),
    "lessons.cnn_lab.helpers.shift_and_flip": ((RNG.random((4, 8, 8, 3)), 2, np.array([True, False, True, False])), {}),
    "lessons.cnn_lab.figures.plot_feature_maps": ((RNG.random((4, 4, 3)),), {"ncols": 2}),
    "lessons.cnn_lab.figures.plot_filters": ((RNG.random((3, 3, 1, 4)),), {"ncols": 2}),
    "lessons.cnn_lab.figures.plot_kernel_effect": ((RNG.random((6, 6)), RNG.random((3, 3)), RNG.random((4, 4))), {}),
    "lessons.cnn_lab.figures.plot_kernel_gallery": (({"k": RNG.random((3, 3))}, {"k": RNG.random((4, 4))}), {}),
    "lessons.cnn_lab.figures.plot_probabilities": (
        (IMAGES[:2], [[0.2, 0.8], [0.6, 0.4]], [1, 0]),
        {"class_names": ["a", "b"]},
    ),
    # 07
    "lessons.gan_lab.figures.plot_class_histogram": (({"real": np.full(10, 0.1)},), {"low": 0.05, "high": 0.15}),
    "lessons.gan_lab.figures.plot_gan1d_snapshots": (([SNAPSHOT], 4.0, 1.25, GRID), {}),
    "lessons.gan_lab.figures.plot_generator_losses": ((), {"num": 50}),
    "lessons.gan_lab.figures.plot_grid_snapshots": (([IMAGES, IMAGES], ["a", "b"]), {"ncols": 2}),
    "lessons.gan_lab.helpers.frechet_distance": ((np.zeros(2), np.eye(2), np.ones(2), np.eye(2)), {}),
    "lessons.gan_lab.helpers.frechet_distance_features": ((RNG.normal(size=(10, 2)), RNG.normal(size=(10, 2))), {}),
    "lessons.gan_lab.helpers.gaussian_pdf": (([0.0, 1.0], 0.0, 1.0), {}),
    "lessons.gan_lab.helpers.gaussian_stats": ((RNG.normal(size=(10, 2)),), {}),
    "lessons.gan_lab.helpers.inception_score": (([[0.9, 0.1], [0.2, 0.8]],), {}),
    "lessons.gan_lab.helpers.kde": (([0.0, 1.0, 2.0], [0.0, 1.0]), {}),
    "lessons.gan_lab.helpers.ks_statistic": (([0.0, 1.0, -1.0], 0.0, 1.0), {}),
    "lessons.gan_lab.helpers.normal_cdf": (([0.0, 1.0],), {}),
    "lessons.gan_lab.helpers.optimal_discriminator": (([0.1, 0.2], [0.3, 0.0]), {}),
    "lessons.gan_lab.helpers.silverman_bandwidth": (([0.0, 1.0, 2.0],), {}),
    "lessons.gan_lab.helpers.sqrtm_psd": ((np.eye(2),), {}),
    "lessons.gan_lab.helpers.tile_images": ((IMAGES,), {"ncols": 2}),
    # 08
    "lessons.text_classification_lab.helpers.binary_metrics": (([0, 1, 1], [0, 1, 0]), {}),
    "lessons.text_classification_lab.helpers.confusion_counts": (([0, 1, 1], [0, 1, 0]), {}),
    "lessons.text_classification_lab.helpers.cosine_similarities": ((np.eye(3), [1.0, 0.0, 0.0]), {}),
    "lessons.text_classification_lab.helpers.nearest_words": (
        (RNG.normal(size=(5, 3)), ["", "[UNK]", "a", "b", "c"], "a"),
        {"k": 2},
    ),
    "lessons.text_classification_lab.figures.plot_accuracy_comparison": (([("a", 0.8, True), ("b", 0.9, False)],), {}),
    "lessons.text_classification_lab.figures.plot_length_histogram": (([10, 20, 30],), {"cut": 15}),
    "lessons.text_classification_lab.figures.plot_probabilities": ((["good", "bad"], [0.9, 0.1]), {}),
    "lessons.text_classification_lab.helpers.shorten": (("a long text",), {"width": 5}),
    "lessons.text_classification_lab.helpers.split_validation": ((["a", "b", "c", "d"], [0, 1, 0, 1], 0.5), {}),
    "lessons.text_classification_lab.helpers.standardize_review": ((["A <br />B!"],), {}),
    "lessons.text_classification_lab.helpers.standardize_text": (("A <br />B!",), {}),
    # 10
    "lessons.model_to_product.distributed.check_port_free": ((_Fresh(lambda: distributed.free_ports(1)[0]),), {}),
    "lessons.model_to_product.distributed.free_ports": ((2,), {}),
    "lessons.model_to_product.helpers.latency_summary": (([0.1, 0.2],), {}),
    "lessons.model_to_product.figures.plot_bars": ((["a", "b"], {"x": [1.0, 2.0]}), {}),
    "lessons.model_to_product.figures.plot_latency": (({"a": [1.0, 2.0]}, {"a": 10.0}), {}),
    "lessons.model_to_product.helpers.size_bytes": ((str(UTILS / "course.py"),), {}),
    "lessons.model_to_product.helpers.time_calls": ((lambda: None, 2), {"warmup": 0}),
    "lessons.model_to_product.scoreboard.as_fraction": ((83.25, "%"), {}),
    "lessons.model_to_product.scoreboard.claim_verdict": ((0.8, 0.83), {}),
    "lessons.model_to_product.scoreboard.comparability": ((sb.ARTICLE_CLAIMS[0], {"split": "test"}, "quick"), {}),
    "lessons.model_to_product.scoreboard.find_claim_figure": ((sb.ARTICLE_CLAIMS[0], RESULTS), {}),
    "lessons.model_to_product.scoreboard.format_value": ((0.97,), {"unit": "accuracy"}),
    "lessons.model_to_product.scoreboard.claim_rows": ((RESULTS,), {}),
    "lessons.model_to_product.scoreboard.claims_markdown": ((sb.claim_rows(RESULTS),), {}),
    "lessons.model_to_product.scoreboard.markdown_table": (([{"a": 1}], {"a": "A"}), {}),
    "lessons.model_to_product.scoreboard.plot_scoreboard": (
        (sb.scoreboard_rows(RESULTS),),
        {"claims": sb.claim_rows(RESULTS)},
    ),
    "lessons.model_to_product.scoreboard.scoreboard_markdown": ((sb.scoreboard_rows(RESULTS),), {}),
    "lessons.model_to_product.scoreboard.scoreboard_rows": ((RESULTS,), {}),
}

# Generic bad values by the kind of the valid argument, each with a label.
BAD: dict[str, dict[str, Any]] = {
    "number": {
        "nan": NAN,
        "inf": float("inf"),
        "-inf": float("-inf"),
        "text": "1.0",
        "None": None,
        "bool": True,
        "list": [1.0],
        "complex": 1j,
        "overflow": 10**400,
        "array": np.array([1.0, 2.0]),
    },
    "int": {"fraction": 2.5, "text": "3", "bool": True, "None": None, "nan": NAN, "whole float": 3.0, "huge": HUGE},
    "str": {"int": 3, "None": None, "bytes": b"x", "list": ["a"]},
    "bool": {"text": "yes", "None": None, "float": 2.5},
    "array": {
        "empty": [],
        "nan": [NAN],
        "inf": [float("inf")],
        "text": "abc",
        "None": None,
        "dict": {"a": 1},
        "ragged": [[1, 2], [3]],
        "text list": ["a", "b"],
        "complex": np.array([1 + 1j]),
        "empty 2-D": np.zeros((0, 3)),
        "scalar": 3,
    },
    "strings": {"empty": [], "numbers": [1, 2], "text": "abc", "None": None, "nested": [["a"], ["b"]], "nan": [NAN]},
    "mapping": {"list": [], "text": "abc", "empty": {}, "nan value": {"a": NAN}, "int key": {3: 1}, "None": None},
    "callable": {"int": 3, "None": None, "text": "f"},
    "other": {"None": None, "int": 3, "text": "x", "list": [], "nan": NAN},
}

# (function, argument) -> labels of generic "bad" values that are valid there (each checked by hand).
ACCEPTED: dict[tuple[str, str], set[str]] = {
    ("plots.figure_alt_text", "max_panels"): {"huge"},
    ("plots.image_grid", "labels"): {"None"},
    ("plots.save_figure", "folder"): {"text"},  # a folder path (unused when save is None)
    ("plots.image_grid", "ncols"): {"huge"},  # more columns than images: one row
    ("plots.plot_confusion_matrix", "class_names"): {"None"},
    ("environment.check_versions", "found"): {"empty", "None"},  # None means "this environment"
    ("environment.version_problems", "found"): {"empty", "None"},
    ("widgets.make_control", "spec"): {"text list"},  # a list of strings is a dropdown
    ("course.with_badge", "source"): set(),
    ("colab.missing_packages", "needs"): {"empty"},
    ("profile.profile", "name"): {"None"},  # None means COURSE_PROFILE
    ("validation.as_float_array", "x"): {"scalar"},
    ("validation.finite_array", "x"): {"scalar"},
    ("validation.instance_of", "value"): {"bool", "huge"},  # bool is an int in Python
    ("validation.integer_labels", "y"): {"empty"},  # allowed unless allow_empty=False
    ("validation.integer_labels", "num_classes"): {"huge"},
    ("validation.one_of", "choices"): set(),
    ("validation.positive_int", "value"): {"huge"},
    ("validation.whole_number", "value"): {"huge"},
    ("validation.whole_number", "maximum"): {"huge"},
    ("validation.positive_int", "maximum"): {"huge"},
    ("validation.file_stem", "value"): {"None"},  # no file to save
    ("validation.sequence", "value"): {"nan", "inf", "ragged", "text list", "complex", "empty 2-D"},  # any list
    ("validation.real_number", "minimum"): {"-inf"},
    ("validation.real_number", "maximum"): {"inf", "overflow"},
    ("validation.mapping", "value"): {"nan value", "int key"},  # any mapping
    ("validation.function", "value"): set(),
    ("lessons.startup_landscape.concept_maps.draw_concept_map", "highlight"): {"empty"},
    ("lessons.startup_landscape.concept_maps.draw_concept_map", "wrap"): {"huge"},
    ("lessons.strategy_in_numbers.figures.plot_cost_decline", "fits"): {"empty"},  # fitting is optional
    ("lessons.strategy_in_numbers.figures.plot_distribution", "marks"): {"empty"},
    ("lessons.strategy_in_numbers.helpers.bass_cumulative", "t"): {"scalar"},
    ("lessons.strategy_in_numbers.helpers.communication_channels", "team_size"): {"huge"},
    ("lessons.strategy_in_numbers.helpers.delivery_months", "team_size"): {"scalar"},
    ("lessons.strategy_in_numbers.helpers.percentile", "samples"): {"scalar"},
    **{
        ("lessons.strategy_in_numbers.helpers." + name, "risks"): {"empty"}  # no risks at all is a plan
        for name in ("monte_carlo_runway", "risk_register_table", "tornado")
    },
    **{
        ("lessons.strategy_in_numbers.helpers.what_would_have_to_be_true", name): {"fraction", "whole float", "huge"}
        for name in ("years", "revenue_multiple", "earnings_multiple")  # real numbers, not counts
    },
    ("lessons.big_model_economics.figures.plot_training_calculator", "price_per_hour"): {"None"},  # the GPU's price
    ("lessons.big_model_economics.figures.plot_training_calculator", "n_gpus"): {"huge"},
    ("lessons.big_model_economics.helpers.dense_training_step_flops", "batch"): {"huge"},
    ("lessons.big_model_economics.helpers.estimate_cpu_peak", "cpuinfo"): {"None"},  # None reads /proc/cpuinfo
    ("lessons.big_model_economics.helpers.estimate_cpu_peak", "cores"): {"None", "huge"},
    ("lessons.big_model_economics.helpers.self_host_monthly_cost", "millions_of_tokens"): {"scalar"},
    ("lessons.gradient_descent.figures.plot_contour_paths", "minimum"): {"array"},  # a point (x, y)
    ("lessons.gradient_descent.figures.plot_descent_1d", "ylim"): {"array"},
    ("lessons.gradient_descent.helpers.make_line_data", "seed"): {"huge"},  # NumPy's Generator takes any seed >= 0
    ("lessons.gradient_descent.helpers.numerical_gradient", "x"): {"scalar"},
    **{
        (f"lessons.neural_networks_from_scratch.helpers.{name}", "z"): {"scalar"}
        for name in (
            "leaky_relu",
            "leaky_relu_grad",
            "relu",
            "relu_grad",
            "sigmoid",
            "sigmoid_grad",
            "tanh",
            "tanh_grad",
        )
    },
    ("lessons.neural_networks_from_scratch.helpers.make_xor_blobs", "seed"): {"huge"},
    ("lessons.cnn_lab.figures.plot_feature_maps", "ncols"): {"huge"},
    ("lessons.cnn_lab.figures.plot_filters", "ncols"): {"huge"},
    ("lessons.cnn_lab.figures.plot_probabilities", "class_names"): {"None"},
    ("lessons.cnn_lab.helpers.load_ablation", "path"): {"None"},  # the course's own table
    ("lessons.gan_lab.figures.plot_grid_snapshots", "ncols"): {"huge"},
    ("lessons.gan_lab.helpers.gaussian_pdf", "x"): {"scalar"},
    ("lessons.gan_lab.helpers.normal_cdf", "x"): {"scalar"},
    ("lessons.gan_lab.helpers.tile_images", "ncols"): {"huge"},
    ("lessons.text_classification_lab.figures.plot_length_histogram", "cut"): {"huge"},
    ("lessons.text_classification_lab.figures.plot_probabilities", "width"): {"huge"},
    ("lessons.text_classification_lab.helpers.shorten", "width"): {"huge"},
    ("lessons.text_classification_lab.helpers.split_validation", "seed"): {"huge"},
    ("lessons.text_classification_lab.helpers.standardize_review", "texts"): {"text", "nested"},  # any shape
    ("lessons.model_to_product.distributed.check_port_free", "port"): {"int"},  # port 3 is a port
    ("lessons.model_to_product.scoreboard.as_fraction", "unit"): {"None"},
    ("lessons.model_to_product.scoreboard.comparability", "entry"): {"empty", "nan value", "int key"},
    ("lessons.model_to_product.scoreboard.find_claim_figure", "results"): {"empty"},
    ("lessons.model_to_product.scoreboard.format_value", "value"): {"inf", "-inf", "None"},  # shown as inf or a dash
    ("lessons.model_to_product.scoreboard.format_value", "unit"): {"None"},
    ("lessons.model_to_product.scoreboard.claim_rows", "results"): {"empty"},  # nothing run yet
    ("lessons.model_to_product.scoreboard.claim_rows", "claims"): {"empty", "empty 2-D"},
    ("lessons.model_to_product.scoreboard.claims_markdown", "rows"): {"empty"},
    ("lessons.model_to_product.scoreboard.markdown_table", "rows"): {"empty", "empty 2-D"},
    ("lessons.model_to_product.scoreboard.plot_scoreboard", "claims"): {"empty"},
    ("lessons.model_to_product.scoreboard.scoreboard_markdown", "rows"): {"empty"},
    ("lessons.model_to_product.scoreboard.scoreboard_rows", "results"): {"empty"},
    ("lessons.model_to_product.scoreboard.scoreboard_rows", "labs"): {"empty", "empty 2-D"},
}


def _kind(parameter: inspect.Parameter, value: Any) -> str:
    annotation = str(parameter.annotation)
    if isinstance(value, bool) or annotation == "bool":
        return "bool"
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, str):
        return "str"
    if isinstance(value, (int, np.integer)):
        return "int"
    if isinstance(value, (float, np.floating)):
        return "number"
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return "strings"
    if isinstance(value, (list, tuple, np.ndarray)):
        return "array"
    if callable(value) and not isinstance(value, type):
        return "callable"
    if value is None:
        if "int" in annotation and "float" not in annotation:
            return "int"
        return "number" if "float" in annotation else ("str" if "str" in annotation else "other")
    return "other"


class _Hang(Exception):
    pass


def _alarm(*_: Any) -> None:
    raise _Hang


def _function(name: str) -> Callable[..., Any]:
    module, attribute = name.rsplit(".", 1)
    return getattr(importlib.import_module(f"utils.{module}"), attribute)


def _resolved(value: Any) -> Any:
    return value.make() if isinstance(value, _Fresh) else value


def _call(fn: Callable[..., Any], arguments: dict[str, Any], seconds: int = 30) -> tuple[str, str]:
    """Call fn(**arguments); return (outcome, detail): accepted, hang, raised-here, raised-elsewhere, other."""
    positional = [[_resolved(a) for a in group] for p, group in arguments.items() if p.startswith("*")]
    keywords = {p: _resolved(a) for p, a in arguments.items() if not p.startswith("*")}
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # NumPy's ComplexWarning too: a silent loss of data
            fn(*[a for group in positional for a in group], **keywords)
        return "accepted", ""
    except _Hang:
        return "hang", f"no answer within {seconds} s"
    except ERRORS as err:
        frame = traceback.extract_tb(err.__traceback__)[-1]
        raised_in = Path(frame.filename).resolve()
        where = "here" if raised_in.is_relative_to(UTILS) or raised_in.is_relative_to(AUTHORING) else "elsewhere"
        return f"raised-{where}", f"{type(err).__name__}: {err} ({Path(frame.filename).name}:{frame.lineno})"
    except BaseException as err:  # noqa: BLE001 - every other exception is what this test reports
        return "other", f"{type(err).__name__}: {err}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _arguments(fn: Callable[..., Any], args: tuple, kwargs: dict) -> dict[str, Any]:
    signature = inspect.signature(fn)
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    arguments = {}
    for name, value in bound.arguments.items():
        kind = signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            arguments[f"*{name}"] = value
        elif kind is inspect.Parameter.VAR_KEYWORD:
            arguments.update(value)
        else:
            arguments[name] = value
    return arguments


@pytest.mark.skipif(not hasattr(signal, "SIGALRM"), reason="the time limit per call uses SIGALRM (POSIX)")
@pytest.mark.parametrize("name", sorted(VALID))
def test_every_argument_rejects_bad_values_in_words(name):
    fn = _function(name)
    args, kwargs = VALID[name]
    arguments = _arguments(fn, args, kwargs)
    outcome, detail = _call(fn, arguments)
    assert outcome == "accepted", f"{name}: the valid call was refused: {detail}"
    signature = inspect.signature(fn)
    problems = []
    for argument, value in list(arguments.items()):
        if argument.startswith("*") or argument not in signature.parameters:
            continue
        kind = _kind(signature.parameters[argument], value)
        for label, bad in BAD[kind].items():
            if bad is None and value is None:
                continue
            trial = dict(arguments)
            trial[argument] = bad
            outcome, detail = _call(fn, trial)
            named = "argname" in detail or re.search(re.escape(argument), detail)  # validators name their `name`
            if outcome == "accepted" and label in ACCEPTED.get((name, argument), set()):
                continue
            if outcome == "accepted":
                problems.append(f"{argument}={label}: accepted silently")
            elif outcome != "raised-here":
                problems.append(f"{argument}={label}: {outcome}: {detail}")
            elif not named:
                problems.append(f"{argument}={label}: the message does not name {argument!r}: {detail}")
    plots.close_all()
    assert not problems, f"{name}:\n  " + "\n  ".join(problems)


def test_accepted_lists_only_functions_in_the_battery():
    unknown = sorted({name for name, _ in ACCEPTED} - set(VALID))
    assert not unknown, f"ACCEPTED names functions without a valid call: {unknown}"


def test_battery_and_exemptions_cover_every_public_function():
    from tests.test_validation_coverage import CORES, PUBLIC

    exempt = {
        name
        for name in PUBLIC
        if name.startswith(
            ("lessons.language_models.", "data.", "checking.", "book.", "translations.", "expect.", "prose_figures.")
        )
    }
    exempt |= BATTERY_EXEMPT.keys() | set(CORES)  # plain cores: their validating functions are in the battery
    missing = sorted(set(PUBLIC) - set(VALID) - exempt)
    assert not missing, f"add a valid call to VALID (or a reason to BATTERY_EXEMPT) for: {missing}"


# Public functions the battery does not call, each with the reason (tests/test_validation_coverage.py still does).
BATTERY_EXEMPT = {
    **dict.fromkeys(
        [
            "environment.environment_report",
            "environment.in_colab",
            "environment.installed_versions",
            "environment.setup_problem",
            "lessons.big_model_economics.helpers.usable_cores",
            "lessons.model_to_product.helpers.quiet",
            "lessons.model_to_product.helpers.physical_cores",
            "plots.close_all",
            "tf_import.quiet_tensorflow_logging",
            "tf_import.import_tensorflow",
            "course.outputs_dir",
            "results.results_dir",
            "results.load_results",
        ],
        "takes no argument worth varying, or only a folder (tested by hand)",
    ),
    **dict.fromkeys(
        [
            "environment.setup",
            "colab.install_missing",
            "tf_import.watch_tensorflow_import",
            "lessons.big_model_economics.helpers.measure_matmul_peak",
            "lessons.big_model_economics.helpers.tf_profiler_flops",
            "lessons.model_to_product.distributed.main",
            "lessons.model_to_product.distributed.run_two_workers",
            "lessons.model_to_product.distributed.train_losses",
        ],
        "starts processes, installs packages, trains or changes the interpreter: bad inputs tested by hand",
    ),
    **dict.fromkeys(
        PLAIN_CORES,
        "a plain core a notebook shows (#26): it takes what its public twin validated; the battery calls the twin",
    ),
}


def test_a_looping_callback_is_reported_as_a_hang():
    """The battery's own time limit works: a call that never returns is reported, not waited for forever."""
    outcome, _ = _call(lambda: [None for _ in iter(int, 1)], {}, seconds=1)
    assert outcome == "hang"
