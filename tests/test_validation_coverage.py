"""Every public function in utils has at least one bad-input test here: it must raise a clear error naming the problem.

The enumeration keeps the list honest: a new public function fails `test_every_public_function_is_covered`
until a bad input for it is added to BAD_INPUTS (or it is listed, with the reason, in EXEMPT).
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from collections.abc import Callable
from pathlib import Path

import nbformat
import numpy as np
import pytest

import authoring
import utils
from authoring import book, prose_figures, translations
from utils import (
    checking,
    colab,
    course,
    data,
    environment,
    expect,
    plots,
    profile,
    progress,
    results,
    seeding,
    source,
    tf_import,
    validation,
    widgets,
)
from utils.course import COURSE_MAP
from utils.lessons.big_model_economics import figures as econ_figures
from utils.lessons.big_model_economics import helpers as econ
from utils.lessons.cnn_lab import figures as cnn_figures
from utils.lessons.cnn_lab import helpers as cnn
from utils.lessons.gan_lab import figures as gan_figures
from utils.lessons.gan_lab import helpers as gan
from utils.lessons.gradient_descent import figures as gd_figures
from utils.lessons.gradient_descent import helpers as gd
from utils.lessons.language_models import figures as lm_figures
from utils.lessons.language_models import helpers as lm
from utils.lessons.model_to_product import distributed, scoreboard
from utils.lessons.model_to_product import figures as serve_figures
from utils.lessons.model_to_product import helpers as serve
from utils.lessons.neural_networks_from_scratch import figures as nn_figures
from utils.lessons.neural_networks_from_scratch import helpers as nn
from utils.lessons.startup_landscape import concept_maps
from utils.lessons.startup_landscape import figures as startup_figures
from utils.lessons.startup_landscape import helpers as startup
from utils.lessons.strategy_in_numbers import figures as strategy_figures
from utils.lessons.strategy_in_numbers import helpers as strategy
from utils.lessons.text_classification_lab import figures as text_figures
from utils.lessons.text_classification_lab import helpers as text

NAN = float("nan")
RNG = np.random.default_rng(0)
TASK = strategy.Task("t", 1.0, 2.0, 4.0)
BASS = strategy.BassFit(p=0.03, q=0.38, m=0.9, start=2007.0, rmse=0.01)
ENGLISH = translations.nbformat.v4.new_notebook(cells=[translations.nbformat.v4.new_markdown_cell("# 05 · Title")])
BLOCK = translations.Block("05-000", "0" * 12, "# 05 · 标题")
ERRORS = (ValueError, TypeError, FileNotFoundError)
TOKENIZER = lm.CharTokenizer.build(["a fine film."], min_count=1)
STREAM = np.tile(np.arange(4), 10)
MHA_WEIGHTS = [np.zeros((8, 2, 4)), np.zeros((2, 4))] * 3 + [np.zeros((2, 4, 8)), np.zeros(8)]
CURVE = (np.array([1e6, 1e7, 1e8]), np.array([3.0, 2.5, 2.2]))
ENVELOPE = {"compute": CURVE[0], "loss": CURVE[1]}
LABELS = np.array([0, 1] * 20)
BAGS = lm.ngram_bags([np.array([1, 2, 3]), np.array([2, 3])], 5)
WORKER_ARGS = ["--workers", "127.0.0.1:20001,127.0.0.1:20002", "--steps", "2", "--global-batch", "8"]


def _logits(ids: np.ndarray) -> np.ndarray:
    return np.zeros((1, ids.shape[1], TOKENIZER.vocab_size))


# function qualified name (without "utils.") -> calls that must raise one of ERRORS
BAD_INPUTS: dict[str, list[Callable[[], object]]] = {
    # machinery
    "lessons.big_model_economics.helpers.measure_matmul_peak": [
        lambda: econ.measure_matmul_peak(size=8),
        lambda: econ.measure_matmul_peak(repeats=0),
        lambda: econ.measure_matmul_peak(size=2048.0),
    ],
    # authoring: the prose-figures registry and its checks
    "prose_figures.candidates": [lambda: prose_figures.candidates(3, {}), lambda: prose_figures.candidates("02", "x")],
    "prose_figures.check_book": [
        lambda: prose_figures.check_book("no/such/folder", "full"),
        lambda: prose_figures.check_book(prose_figures.NOTEBOOKS, "fast"),
    ],
    "prose_figures.check_runs": [
        lambda: prose_figures.check_runs("x", {}, "full"),
        lambda: prose_figures.check_runs([], {}, "fast"),
        lambda: prose_figures.check_runs([], [], "full"),
    ],
    "prose_figures.check_stored_outputs": [
        lambda: prose_figures.check_stored_outputs("x"),
        lambda: prose_figures.check_stored_outputs([], folder=3),
    ],
    "prose_figures.describe": [lambda: prose_figures.describe("x", "w"), lambda: prose_figures.describe([], "")],
    "prose_figures.drift": [lambda: prose_figures.drift("x", {})],
    "prose_figures.figure_value": [lambda: prose_figures.figure_value("x", {})],
    "prose_figures.is_checked_cell": [lambda: prose_figures.is_checked_cell("x")],
    "prose_figures.keep_results": [
        lambda: prose_figures.keep_results(3, prose_figures.NOTEBOOKS),
        lambda: prose_figures.keep_results("02", "no/such/folder"),
    ],
    "prose_figures.load_allowed": [lambda: prose_figures.load_allowed("no/such.csv")],
    "prose_figures.load_registry": [
        lambda: prose_figures.load_registry("no/such.csv"),
        lambda: prose_figures.load_registry(3),
    ],
    "prose_figures.main": [lambda: prose_figures.main("x"), lambda: prose_figures.main([3])],
    "prose_figures.markdown_cells": [lambda: prose_figures.markdown_cells("x")],
    "prose_figures.misplaced": [lambda: prose_figures.misplaced("x"), lambda: prose_figures.misplaced([3])],
    "prose_figures.notebook_outputs": [lambda: prose_figures.notebook_outputs("x")],
    "prose_figures.notebook_stems": [
        lambda: prose_figures.notebook_stems("no/such/folder"),
        lambda: prose_figures.notebook_stems(3),
    ],
    "prose_figures.output_text": [lambda: prose_figures.output_text("x"), lambda: prose_figures.output_text(3)],
    "prose_figures.parse_entry": [lambda: prose_figures.parse_entry({}), lambda: prose_figures.parse_entry("x")],
    "prose_figures.read_notebook": [
        lambda: prose_figures.read_notebook("99_nope"),
        lambda: prose_figures.read_notebook(3),
    ],
    "prose_figures.read_results": [lambda: prose_figures.read_results(3)],
    "prose_figures.recorded_figures": [
        lambda: prose_figures.recorded_figures("x", "full"),
        lambda: prose_figures.recorded_figures({}, "fast"),
        lambda: prose_figures.recorded_figures({}, "full", since="yesterday"),
    ],
    "prose_figures.unregistered": [lambda: prose_figures.unregistered("x", [], [])],
    "prose_figures.written_value": [
        lambda: prose_figures.written_value(3),
        lambda: prose_figures.written_value("no number"),
    ],
    "results.figure_table": [lambda: results.figure_table("cnn_lab"), lambda: results.figure_table(6)],
    "results.lesson_of": [lambda: results.lesson_of("06-cnn"), lambda: results.lesson_of(None)],
    "expect.at_least": [lambda: expect.at_least("high", 0.9, "x"), lambda: expect.at_least(1.0, 0.5, "")],
    "expect.at_most": [lambda: expect.at_most(NAN, 0.9, "x")],
    "expect.between": [lambda: expect.between(1.0, 2.0, 1.0, "x")],
    "expect.holds": [lambda: expect.holds(True, "x", "")],
    "course.with_badge": [
        lambda: course.with_badge("# 05 · Title", "05_x.md"),
        lambda: course.with_badge(3, "05_x.ipynb"),
    ],
    "course.without_badge": [lambda: course.without_badge(None)],
    "environment.check_versions": [lambda: environment.check_versions({"keras": 3.0})],
    "environment.parse_version": [lambda: environment.parse_version("latest"), lambda: environment.parse_version(3.1)],
    "environment.version_problems": [
        lambda: environment.version_problems({"pandas": "2.0"}),
        lambda: environment.version_problems({"keras": (3, 0)}),
    ],
    "translations.build": [lambda: translations.build("/nonexistent/course")],
    "translations.build_notebook": [
        lambda: translations.build_notebook(ENGLISH, [BLOCK], "title"),
        lambda: translations.build_notebook({"cells": []}, [BLOCK], "05_x"),
    ],
    "translations.built": [lambda: translations.built(3)],
    "translations.check": [lambda: translations.check("/nonexistent/course")],
    "translations.english_markdown": [lambda: translations.english_markdown("05_x.ipynb")],
    "translations.format_translation": [
        lambda: translations.format_translation([]),
        lambda: translations.format_translation(["<!-- cell 05-000 -->"]),
    ],
    "translations.parse_translation": [
        lambda: translations.parse_translation("<!-- cell 05-0 source-sha256:abc -->\n# 05", "05_x.md"),
        lambda: translations.parse_translation("text before any marker", "05_x.md"),
        lambda: translations.parse_translation(b"bytes", "05_x.md"),
    ],
    "translations.read_notebook": [lambda: translations.read_notebook("/nonexistent/05_x.ipynb")],
    "translations.read_translation": [
        lambda: translations.read_translation("/nonexistent/05_x.md"),
        lambda: translations.read_translation(5),
    ],
    "translations.readme": [lambda: translations.readme("/nonexistent/course")],
    "translations.source_hash": [lambda: translations.source_hash(["# 05 · Title"])],
    "translations.stub": [lambda: translations.stub(None)],
    "translations.title_and_summary": [
        lambda: translations.title_and_summary([BLOCK], "05_x.md"),
        lambda: translations.title_and_summary([], "05_x.md"),
    ],
    "translations.translated_stems": [lambda: translations.translated_stems("/nonexistent/course")],
    "translations.translation_problems": [
        lambda: translations.translation_problems("<!-- cell -->", ENGLISH, "05_x.md"),
        lambda: translations.translation_problems([BLOCK], ENGLISH, 3),
    ],
    # the book
    "book.build": [lambda: book.build("fast"), lambda: book.build("quick", execute_mode="sometimes")],
    "book.check_profile": [lambda: book.check_profile("fast"), lambda: book.check_profile(3)],
    "book.count_images": [lambda: book.count_images(3)],
    "book.course_notebooks": [lambda: book.course_notebooks(Path("/nonexistent/notebooks"))],
    "book.digest": [lambda: book.digest(Path("/nonexistent/x.ipynb"))],
    "book.error_outputs": [lambda: book.error_outputs("nb")],
    "book.execute": [lambda: book.execute(Path("/nonexistent/a.ipynb"), Path("/nonexistent/b.ipynb"), "quick")],
    "book.from_cell_outputs": [
        lambda: book.from_cell_outputs(Path("/nonexistent/a.ipynb"), [], "quick", Path("/nonexistent/b.ipynb")),
        lambda: book.from_cell_outputs(Path("/nonexistent/a.ipynb"), [], "fast", Path("/nonexistent/b.ipynb")),
    ],
    "book.header_markdown": [
        lambda: book.header_markdown("06_cnn_lab", {}),
        lambda: book.header_markdown(COURSE_MAP[0], {}),
    ],
    "book.image_alt_texts": [lambda: book.image_alt_texts(None)],
    "book.index_markdown": [lambda: book.index_markdown([], "Course", {})],
    "book.is_fresh": [lambda: book.is_fresh(Path("/nonexistent/a.ipynb"), Path("/nonexistent/b.ipynb"), "fast")],
    "book.page_title": [lambda: book.page_title("06_cnn_lab")],
    "book.prepare_page": [lambda: book.prepare_page("nb", COURSE_MAP[0])],
    "book.profile_env": [lambda: book.profile_env("fast").__enter__()],
    "book.render_html": [lambda: book.render_html(Path("/nonexistent/src"), Path("/nonexistent/html"))],
    "book.scoreboard_page": [lambda: book.scoreboard_page("pages"), lambda: book.scoreboard_page([])],
    "book.stamp": [lambda: book.stamp("nb", "quick", Path("/nonexistent/a.ipynb"))],
    "book.stamp_of": [lambda: book.stamp_of("nb"), lambda: book.stamp_of(nbformat.v4.new_notebook())],
    "book.widget_note": [lambda: book.widget_note("x"), lambda: book.widget_note({"data": {}})],
    "book.write_sources": [lambda: book.write_sources("paths")],
    "plots.figure_alt_text": [lambda: plots.figure_alt_text("fig")],
    "plots.set_alt_text": [lambda: plots.set_alt_text("fig", "a figure")],
    "checking.check_against": [lambda: checking.check_against(abs, abs, [(1,)], "x", labels=["a", "b"])],
    "colab.install_missing": [lambda: colab.install_missing("ipywidgets")],
    "colab.missing_packages": [lambda: colab.missing_packages([("x",)])],
    "data.dataset_info": [lambda: data.dataset_info(["mnist"]), lambda: data.dataset_info("nope")],
    "data.dataset_path": [lambda: data.dataset_path("nope"), lambda: data.dataset_path(3)],
    "data.build_mirror": [
        lambda: data.build_mirror(3),
        lambda: data.build_mirror("/tmp/chk/mirror", names=["nope"]),
        lambda: data.build_mirror("/tmp/chk/mirror", source="/nonexistent/usb"),
        lambda: data.build_mirror("/tmp/chk/mirror", retries=-1),
    ],
    "data.download": [
        lambda: data.download("ftp://example.invalid/x", "/tmp/chk/x", "0" * 64),
        lambda: data.download("http://127.0.0.1:9/x", "/tmp/chk/x", "abc"),
        lambda: data.download("http://127.0.0.1:9/x", "/tmp/chk/x", "0" * 64, retries=-1),
        lambda: data.download("http://127.0.0.1:9/x", None, "0" * 64),
    ],
    "data.read_sha256sums": [lambda: data.read_sha256sums("/nonexistent/SHA256SUMS")],
    "data.restricted_loads": [lambda: data.restricted_loads("not bytes")],
    "data.safe_extract": [lambda: data.safe_extract("/nonexistent.tar.gz", "/nonexistent/target")],
    "data.sha256_file": [lambda: data.sha256_file("/nonexistent")],
    "data.stratified_subset": [lambda: data.stratified_subset(np.zeros((4, 2)), np.array([0, 1, 0, 1]), -1)],
    "data.verify_copy": [
        lambda: data.verify_copy("/nonexistent/mnist.npz", "mnist"),
        lambda: data.verify_copy("/nonexistent/mnist.npz", "nope"),
        lambda: data.verify_copy(3, "mnist"),
        lambda: data.verify_copy(__file__, "mnist", sums="not a dict"),
        lambda: data.verify_copy(__file__, "mnist"),
    ],
    "data.without_autotune": [lambda: data.without_autotune(np.zeros(3)), lambda: data.without_autotune(None)],
    "plots.confusion_matrix": [
        lambda: plots.confusion_matrix([0, 1], [0, 1], num_classes=0),
        lambda: plots.confusion_matrix(["a"], ["b"]),
        lambda: plots.confusion_matrix([0, 1], [1]),
    ],
    "plots.image_grid": [lambda: plots.image_grid(np.full((2, 4, 4), NAN)), lambda: plots.image_grid(np.zeros(3))],
    "plots.matplotlib_patch": [lambda: plots.matplotlib_patch(3, "x")],
    "plots.new_figure": [lambda: plots.new_figure(ncols=0), lambda: plots.new_figure(width=NAN)],
    "plots.plot_confusion_matrix": [
        lambda: plots.plot_confusion_matrix([0, 1, 2], [0, 1, 2], class_names=["a", "b"]),
        lambda: plots.plot_confusion_matrix(np.array([], dtype=float), np.array([], dtype=float), class_names=[]),
    ],
    "plots.plot_course_map": [lambda: plots.plot_course_map([])],
    "plots.plot_history": [lambda: plots.plot_history(3)],
    "plots.plot_lines": [lambda: plots.plot_lines([0, 1], {"a": [1.0]}), lambda: plots.plot_lines([0, 1], {})],
    "plots.save_figure": [lambda: plots.save_figure("not a figure", "x")],
    "progress.fit_progress": [
        lambda: progress.fit_progress(label=""),
        lambda: progress.fit_progress(interval=0.0),
        lambda: progress.fit_progress(metrics="loss"),
    ],
    "progress.format_duration": [lambda: progress.format_duration(-1), lambda: progress.format_duration("1 min")],
    "results.load_results": [lambda: results.load_results(3)],
    "results.results_dir": [lambda: results.results_dir(3)],
    "seeding.seed_everything": [lambda: seeding.seed_everything(-1), lambda: seeding.seed_everything("42")],
    "source.show_source": [lambda: source.show_source(3), lambda: source.show_source()],
    "validation.as_float_array": [lambda: validation.as_float_array([NAN])],
    "validation.check_one_hot_rows": [lambda: validation.check_one_hot_rows(np.array([[0.5, 0.6]]))],
    "validation.check_probabilities": [lambda: validation.check_probabilities(np.array([0.0, 1.0]))],
    "validation.finite_array": [lambda: validation.finite_array(["a"]), lambda: validation.finite_array([1.0], ndim=2)],
    "validation.float_pair": [lambda: validation.float_pair([1.0], [1.0, 2.0])],
    "validation.instance_of": [
        lambda: validation.instance_of(3, "text", str),
        lambda: validation.instance_of("a", "n", (int, float)),
    ],
    "validation.integer_labels": [lambda: validation.integer_labels([0.5]), lambda: validation.integer_labels(["a"])],
    "validation.non_negative_number": [lambda: validation.non_negative_number(-1, "x")],
    "validation.one_of": [lambda: validation.one_of(["a"], "x", ["a"]), lambda: validation.one_of("b", "x", ["a"])],
    "validation.positive_int": [lambda: validation.positive_int(0, "x"), lambda: validation.positive_int(1.0, "x")],
    "validation.positive_number": [
        lambda: validation.positive_number(NAN, "x"),
        lambda: validation.positive_number("1", "x"),
    ],
    "validation.probability": [lambda: validation.probability(1.5, "p")],
    "validation.real_number": [lambda: validation.real_number(True, "x"), lambda: validation.real_number(10**400, "x")],
    "validation.text": [lambda: validation.text(3, "s"), lambda: validation.text("  ", "s")],
    "validation.whole_number": [
        lambda: validation.whole_number(2.0, "n"),
        lambda: validation.whole_number(0, "n", minimum=1),
    ],
    "widgets.interact": [lambda: widgets.interact(3, show=False)],
    "widgets.make_control": [lambda: widgets.make_control("x", object())],
    # notebook 01
    "lessons.startup_landscape.concept_maps.circle_layout": [lambda: concept_maps.circle_layout("ab")],
    "lessons.startup_landscape.concept_maps.compute_layout": [
        lambda: concept_maps.compute_layout([("a", "b")], kind="x")
    ],
    "lessons.startup_landscape.concept_maps.draw_concept_map": [lambda: concept_maps.draw_concept_map([])],
    "lessons.startup_landscape.concept_maps.is_connected": [lambda: concept_maps.is_connected(3)],
    "lessons.startup_landscape.concept_maps.is_single_cycle": [lambda: concept_maps.is_single_cycle(3)],
    "lessons.startup_landscape.concept_maps.layer_of": [lambda: concept_maps.layer_of(3)],
    "lessons.startup_landscape.concept_maps.layered_layout": [lambda: concept_maps.layered_layout(3)],
    "lessons.startup_landscape.concept_maps.nodes_of": [lambda: concept_maps.nodes_of(3)],
    "lessons.startup_landscape.concept_maps.validate_edges": [lambda: concept_maps.validate_edges([("a",)])],
    "lessons.startup_landscape.helpers.assumptions_table": [lambda: startup.assumptions_table("x")],
    "lessons.startup_landscape.helpers.format_value": [lambda: startup.format_value("funding", "x")],
    "lessons.startup_landscape.helpers.monthly_burn_before_revenue": [lambda: startup.monthly_burn_before_revenue(3)],
    "lessons.startup_landscape.helpers.monthly_compute_cost": [lambda: startup.monthly_compute_cost(3)],
    "lessons.startup_landscape.helpers.monthly_team_cost": [lambda: startup.monthly_team_cost(3)],
    "lessons.startup_landscape.figures.plot_runway": [lambda: startup_figures.plot_runway({})],
    "lessons.startup_landscape.helpers.runway_table": [lambda: startup.runway_table({}, horizon_months=0)],
    "lessons.startup_landscape.helpers.simulate_runway": [lambda: startup.simulate_runway(horizon_months=-1)],
    # notebook 02
    "lessons.strategy_in_numbers.figures.plot_bass": [
        lambda: strategy_figures.plot_bass([2011.0], [0.35], BASS, until=2000.0),
        lambda: strategy_figures.plot_bass([2011.0], [0.35], (0.03, 0.38), until=2025.0),
    ],
    "lessons.strategy_in_numbers.figures.plot_cost_decline": [
        lambda: strategy_figures.plot_cost_decline({"a": ([2021.0, 2024.0], [60.0])}, {}),
        lambda: strategy_figures.plot_cost_decline({"a": ([2021.0], [60.0])}, {"a": 0.9}),
    ],
    "lessons.strategy_in_numbers.figures.plot_distribution": [
        lambda: strategy_figures.plot_distribution([1.0, 2.0], {"P50": NAN}, "months", "runway"),
        lambda: strategy_figures.plot_distribution([1.0, 2.0], {}, 3, "runway"),
    ],
    "lessons.strategy_in_numbers.figures.plot_flywheel": [
        lambda: strategy_figures.plot_flywheel(strategy.Flywheel(), [NAN]),
        lambda: strategy_figures.plot_flywheel("flywheel", [1e4]),
        lambda: strategy_figures.plot_flywheel(strategy.Flywheel(), [1e4], months=0),
    ],
    "lessons.strategy_in_numbers.figures.plot_market_sizing": [
        lambda: strategy_figures.plot_market_sizing({"top-down": (1e9, 1e8, 1e7)})
    ],
    "lessons.strategy_in_numbers.figures.plot_team": [
        lambda: strategy_figures.plot_team(60.0, 1.5),
        lambda: strategy_figures.plot_team(60.0, 0.03, max_team=0),
    ],
    "lessons.strategy_in_numbers.figures.plot_tornado": [
        lambda: strategy_figures.plot_tornado([("a", 1.0)], centre=2.0),
        lambda: strategy_figures.plot_tornado([("a", 1.0, 3.0)], centre=NAN),
    ],
    "lessons.strategy_in_numbers.figures.plot_unit_economics": [
        lambda: strategy_figures.plot_unit_economics([8e9], -0.6),
        lambda: strategy_figures.plot_unit_economics(["8B"], 0.6),
    ],
    "lessons.strategy_in_numbers.helpers.bass_cumulative": [
        lambda: strategy.bass_cumulative([1.0], p=0.0, q=0.38),
        lambda: strategy.bass_cumulative([], p=0.03, q=0.38),
    ],
    "lessons.strategy_in_numbers.helpers.bass_step": [lambda: strategy.bass_step(2.0, 0.03, 0.38, m=1.0)],
    "lessons.strategy_in_numbers.helpers.best_team_size": [
        lambda: strategy.best_team_size(-0.1),
        lambda: strategy.best_team_size(1.5),
        lambda: strategy.best_team_size("0.03"),
    ],
    "lessons.strategy_in_numbers.helpers.bottom_up_market": [lambda: strategy.bottom_up_market(1e6, 20.0, 1.5, 0.1)],
    "lessons.strategy_in_numbers.helpers.communication_channels": [
        lambda: strategy.communication_channels(0),
        lambda: strategy.communication_channels(2.5),
    ],
    "lessons.strategy_in_numbers.helpers.decimal_year": [
        lambda: strategy.decimal_year("May 2013"),
        lambda: strategy.decimal_year(2013),
    ],
    "lessons.strategy_in_numbers.helpers.delivery_months": [lambda: strategy.delivery_months([0, 5], 60.0, 0.03)],
    "lessons.strategy_in_numbers.helpers.fit_bass": [
        lambda: strategy.fit_bass([2011.0, 2012.0], [0.35, 0.45], start=2007.0),
        lambda: strategy.fit_bass([2011.0, 2012.0, 2013.0], [35.0, 45.0, 56.0], start=2007.0),
    ],
    "lessons.strategy_in_numbers.helpers.fit_decline": [
        lambda: strategy.fit_decline([2021.0, 2024.0], [60.0, 0.0]),
        lambda: strategy.fit_decline([2021.0], [60.0]),
    ],
    "lessons.strategy_in_numbers.helpers.flywheel_threshold": [lambda: strategy.flywheel_threshold({"growth": 0.3})],
    "lessons.strategy_in_numbers.helpers.gross_margin": [
        lambda: strategy.gross_margin(0.0, 0.1),
        lambda: strategy.gross_margin(0.6, -0.1),
    ],
    "lessons.strategy_in_numbers.helpers.lifetime_value": [lambda: strategy.lifetime_value(100.0, 0.6, 0.0)],
    "lessons.strategy_in_numbers.helpers.ltv_to_cac": [lambda: strategy.ltv_to_cac(100.0, 0.6, 0.05, -500.0)],
    "lessons.strategy_in_numbers.helpers.milestone_reached": [
        lambda: strategy.milestone_reached(strategy.RUNWAY_BASE, 0),
        lambda: strategy.milestone_reached(strategy.RUNWAY_BASE, 60, revenue_target=NAN),
        lambda: strategy.milestone_reached({"funding": 1e6}, 60),
    ],
    "lessons.strategy_in_numbers.helpers.monte_carlo_runway": [
        lambda: strategy.monte_carlo_runway(strategy.RUNWAY_BASE, [], 10, rng=42),
        lambda: strategy.monte_carlo_runway(strategy.RUNWAY_BASE, [], 10, RNG, uncertain={"funding": (1.0, 2.0)}),
    ],
    "lessons.strategy_in_numbers.helpers.payback_months": [lambda: strategy.payback_months(-1.0, 100.0, 0.6)],
    "lessons.strategy_in_numbers.helpers.percentile": [
        lambda: strategy.percentile([1.0, 2.0], 150.0),
        lambda: strategy.percentile([], 50.0),
    ],
    "lessons.strategy_in_numbers.helpers.revenue_path": [lambda: strategy.revenue_path(1e9, 1e-6, 0.5, 1.5, 5)],
    "lessons.strategy_in_numbers.helpers.risk_register_table": [
        lambda: strategy.risk_register_table(strategy.RUNWAY_BASE, strategy.RISK_REGISTER, horizon=0),
        lambda: strategy.risk_register_table(strategy.RUNWAY_BASE, ["GPU prices rise"]),
    ],
    "lessons.strategy_in_numbers.helpers.sample_pert": [
        lambda: strategy.sample_pert((1.0, 2.0, 4.0), 10, RNG),
        lambda: strategy.sample_pert(TASK, 0, RNG),
    ],
    "lessons.strategy_in_numbers.helpers.serving_cost_per_million": [
        lambda: strategy.serving_cost_per_million(-8e9),
        lambda: strategy.serving_cost_per_million(8e9, mfu=1.5),
    ],
    "lessons.strategy_in_numbers.helpers.simulate_flywheel": [
        lambda: strategy.simulate_flywheel(strategy.Flywheel(), -10.0),
        lambda: strategy.simulate_flywheel(strategy.Flywheel(), 1e4, months=2.5),
    ],
    "lessons.strategy_in_numbers.helpers.simulate_schedule": [
        lambda: strategy.simulate_schedule([], 10, RNG),
        lambda: strategy.simulate_schedule(TASK, 10, RNG),
    ],
    "lessons.strategy_in_numbers.helpers.time_to_share": [lambda: strategy.time_to_share(0.5, p=-0.03, q=0.38)],
    "lessons.strategy_in_numbers.helpers.top_down_market": [lambda: strategy.top_down_market(-1e9, 0.1, 0.1)],
    "lessons.strategy_in_numbers.helpers.tornado": [
        lambda: strategy.tornado(strategy.RUNWAY_BASE, uncertain={"months_to_launch": (9.0, 6.0, 15.0)}),
        lambda: strategy.tornado(strategy.RUNWAY_BASE, uncertain={"valuation": (1.0, 2.0, 3.0)}),
        lambda: strategy.tornado(strategy.RUNWAY_BASE, horizon=-1),
    ],
    "lessons.strategy_in_numbers.helpers.volume_growth_to_hold_revenue": [
        lambda: strategy.volume_growth_to_hold_revenue(1.2)
    ],
    "lessons.strategy_in_numbers.helpers.what_would_have_to_be_true": [
        lambda: strategy.what_would_have_to_be_true(1e9, 1e8, 5, 10, 25, required_return=-0.5),
        lambda: strategy.what_would_have_to_be_true(1e9, 0.0, 5, 10, 25),
    ],
    # notebook 03
    "lessons.big_model_economics.helpers.assumptions_table": [lambda: econ.assumptions_table(3)],
    "lessons.big_model_economics.helpers.break_even_volume": [lambda: econ.break_even_volume(NAN, 0.1, 0.5)],
    "lessons.big_model_economics.helpers.compute_optimal": [lambda: econ.compute_optimal(NAN)],
    "lessons.big_model_economics.helpers.dense_training_step_flops": [lambda: econ.dense_training_step_flops([], 1)],
    "lessons.big_model_economics.helpers.estimate_cpu_peak": [lambda: econ.estimate_cpu_peak("", cores=0)],
    "lessons.big_model_economics.helpers.estimate_training": [lambda: econ.estimate_training(NAN, 1e9)],
    "lessons.big_model_economics.helpers.gpu_hours": [lambda: econ.gpu_hours(1e20, "312e12", 0.4)],
    "lessons.big_model_economics.helpers.inference_cost_per_million": [lambda: econ.inference_cost_per_million(-1)],
    "lessons.big_model_economics.helpers.inference_flops_per_token": [lambda: econ.inference_flops_per_token(NAN)],
    "lessons.big_model_economics.figures.plot_break_even": [lambda: econ_figures.plot_break_even(NAN, 0.1, 0.5)],
    "lessons.big_model_economics.figures.plot_compute_optimal": [lambda: econ_figures.plot_compute_optimal(save=3)],
    "lessons.big_model_economics.figures.plot_cost_vs_size": [lambda: econ_figures.plot_cost_vs_size(gpu=["H100"])],
    "lessons.big_model_economics.figures.plot_training_calculator": [
        lambda: econ_figures.plot_training_calculator(NAN, 300)
    ],
    "lessons.big_model_economics.helpers.self_host_monthly_cost": [lambda: econ.self_host_monthly_cost([1], NAN, 0.1)],
    "lessons.big_model_economics.helpers.tf_profiler_flops": [lambda: econ.tf_profiler_flops(3)],
    "lessons.big_model_economics.helpers.tokens_per_gpu_month": [lambda: econ.tokens_per_gpu_month(1e9, mfu=NAN)],
    "lessons.big_model_economics.helpers.training_flops": [lambda: econ.training_flops(NAN, 1e9)],
    # notebook 04
    "lessons.gradient_descent.figures.plot_contour_paths": [
        lambda: gd_figures.plot_contour_paths(lambda a, b: a + b, {}, (0, 1), (NAN, 1))
    ],
    "lessons.gradient_descent.figures.plot_descent_1d": [lambda: gd_figures.plot_descent_1d(lambda w: w, {}, (1, 0))],
    "lessons.gradient_descent.helpers.binary_cross_entropy": [lambda: gd.binary_cross_entropy([1.0], [NAN])],
    "lessons.gradient_descent.helpers.binary_cross_entropy_grad": [lambda: gd.binary_cross_entropy_grad([1.0], [1.0])],
    "lessons.gradient_descent.helpers.categorical_cross_entropy": [
        lambda: gd.categorical_cross_entropy([[1.0, 0.0]], [[0.5]])
    ],
    "lessons.gradient_descent.helpers.categorical_cross_entropy_grad": [
        lambda: gd.categorical_cross_entropy_grad([[2.0, 0.0]], [[0.5, 0.5]])
    ],
    "lessons.gradient_descent.helpers.make_line_data": [
        lambda: gd.make_line_data(slope=NAN),
        lambda: gd.make_line_data(noise=NAN),
        lambda: gd.make_line_data(n="64"),
    ],
    "lessons.gradient_descent.helpers.mse": [lambda: gd.mse([1.0], ["a"])],
    "lessons.gradient_descent.helpers.mse_grad": [lambda: gd.mse_grad([], [])],
    "lessons.gradient_descent.helpers.numerical_gradient": [
        lambda: gd.numerical_gradient(np.sum, [1.0], eps=0),
        lambda: gd.numerical_gradient(np.sum, [1.0], eps=np.float32(NAN)),
    ],
    "lessons.gradient_descent.helpers.relative_error": [lambda: gd.relative_error([1.0], [NAN])],
    # notebook 05
    "lessons.neural_networks_from_scratch.figures.plot_activations": [lambda: nn_figures.plot_activations({})],
    "lessons.neural_networks_from_scratch.figures.plot_decision_boundaries": [
        lambda: nn_figures.plot_decision_boundaries(np.full((4, 2), NAN), [0, 1, 0, 1])
    ],
    "lessons.neural_networks_from_scratch.helpers.leaky_relu": [lambda: nn.leaky_relu([1.0], slope=NAN)],
    "lessons.neural_networks_from_scratch.helpers.leaky_relu_grad": [lambda: nn.leaky_relu_grad([1.0], slope="x")],
    "lessons.neural_networks_from_scratch.helpers.log_softmax": [lambda: nn.log_softmax([NAN, 1.0])],
    "lessons.neural_networks_from_scratch.helpers.make_xor_blobs": [
        lambda: nn.make_xor_blobs(seed="1"),
        lambda: nn.make_xor_blobs(spread=NAN),
        lambda: nn.make_xor_blobs(n=0),
    ],
    "lessons.neural_networks_from_scratch.helpers.relu": [lambda: nn.relu(["a"])],
    "lessons.neural_networks_from_scratch.helpers.relu_grad": [lambda: nn.relu_grad([])],
    "lessons.neural_networks_from_scratch.helpers.sigmoid": [lambda: nn.sigmoid([NAN])],
    "lessons.neural_networks_from_scratch.helpers.sigmoid_cross_entropy": [
        lambda: nn.sigmoid_cross_entropy([1.0], [1.0, 2.0])
    ],
    "lessons.neural_networks_from_scratch.helpers.sigmoid_cross_entropy_grad": [
        lambda: nn.sigmoid_cross_entropy_grad([1.0], [NAN])
    ],
    "lessons.neural_networks_from_scratch.helpers.sigmoid_grad": [lambda: nn.sigmoid_grad("x")],
    "lessons.neural_networks_from_scratch.helpers.softmax": [
        lambda: nn.softmax([[1.0, 2.0]], axis="1"),
        lambda: nn.softmax([[1.0]], axis=2),
        lambda: nn.softmax([[NAN, 1.0]]),
    ],
    "lessons.neural_networks_from_scratch.helpers.softmax_cross_entropy": [
        lambda: nn.softmax_cross_entropy([[1.0, 0.0]], [[1.0, 2.0, 3.0]])
    ],
    "lessons.neural_networks_from_scratch.helpers.softmax_cross_entropy_grad": [
        lambda: nn.softmax_cross_entropy_grad([[0.5, 0.6]], [[1.0, 2.0]])
    ],
    "lessons.neural_networks_from_scratch.helpers.tanh": [lambda: nn.tanh([NAN])],
    "lessons.neural_networks_from_scratch.helpers.tanh_grad": [lambda: nn.tanh_grad([])],
    # notebook 06
    "lessons.cnn_lab.helpers.flip_shift_batches": [
        lambda: cnn.flip_shift_batches(np.zeros((4, 8, 8, 3), np.uint8), [0, 1, 2], 2, 1),
        lambda: cnn.flip_shift_batches(np.zeros((4, 8, 8, 3), np.uint8), [0, 1, 2, 3], 2, 1, flip="sometimes"),
        lambda: cnn.flip_shift_batches(np.zeros((4, 8, 8)), [0, 1, 2, 3], 2, 1),
    ],
    "lessons.cnn_lab.helpers.load_ablation": [
        lambda: cnn.load_ablation("/no/such/ablation.csv"),
        lambda: cnn.load_ablation(3),
    ],
    "lessons.cnn_lab.helpers.shift_and_flip": [
        lambda: cnn.shift_and_flip(np.zeros((4, 8, 8, 3)), 2, [True, False]),
        lambda: cnn.shift_and_flip(np.zeros((4, 8, 8, 3)), 8, np.zeros(4, bool)),
    ],
    "lessons.cnn_lab.figures.plot_feature_maps": [lambda: cnn_figures.plot_feature_maps(np.full((4, 4, 2), NAN))],
    "lessons.cnn_lab.figures.plot_filters": [lambda: cnn_figures.plot_filters(np.zeros((3, 3)))],
    "lessons.cnn_lab.figures.plot_kernel_effect": [
        lambda: cnn_figures.plot_kernel_effect(np.full((5, 5), NAN), np.zeros((3, 3)), np.zeros((3, 3)))
    ],
    "lessons.cnn_lab.figures.plot_kernel_gallery": [lambda: cnn_figures.plot_kernel_gallery({}, {})],
    "lessons.cnn_lab.figures.plot_probabilities": [
        lambda: cnn_figures.plot_probabilities(np.zeros((2, 4, 4)), np.full((2, 3), NAN), [0, 1])
    ],
    # notebook 07
    "lessons.gan_lab.helpers.frechet_distance": [
        lambda: gan.frechet_distance(np.zeros(2), -np.eye(2), np.zeros(2), np.eye(2)),
        lambda: gan.frechet_distance(np.array([NAN, 0.0]), np.eye(2), np.zeros(2), np.eye(2)),
    ],
    "lessons.gan_lab.helpers.frechet_distance_features": [
        lambda: gan.frechet_distance_features(np.zeros((1, 2)), np.zeros((3, 2)))
    ],
    "lessons.gan_lab.helpers.gaussian_pdf": [
        lambda: gan.gaussian_pdf([0.0], 0.0, "1"),
        lambda: gan.gaussian_pdf([0.0], 0.0, -1.0),
        lambda: gan.gaussian_pdf([0.0], NAN, 1.0),
    ],
    "lessons.gan_lab.helpers.gaussian_stats": [lambda: gan.gaussian_stats(np.full((3, 2), NAN))],
    "lessons.gan_lab.helpers.inception_score": [lambda: gan.inception_score(np.full((2, 2), NAN))],
    "lessons.gan_lab.helpers.kde": [
        lambda: gan.kde([0.0, 1.0], [NAN]),
        lambda: gan.kde([0.0, 1.0], [0.0], bandwidth=NAN),
    ],
    "lessons.gan_lab.helpers.ks_statistic": [lambda: gan.ks_statistic([0.0, 1.0], 0.0, 0.0)],
    "lessons.gan_lab.helpers.normal_cdf": [lambda: gan.normal_cdf([0.0], sigma=NAN)],
    "lessons.gan_lab.helpers.optimal_discriminator": [
        lambda: gan.optimal_discriminator([NAN], [1.0]),
        lambda: gan.optimal_discriminator([-1.0], [1.0]),
    ],
    "lessons.gan_lab.figures.plot_class_histogram": [lambda: gan_figures.plot_class_histogram({})],
    "lessons.gan_lab.figures.plot_gan1d_snapshots": [
        lambda: gan_figures.plot_gan1d_snapshots([], 0.0, 1.0, [0.0, 1.0])
    ],
    "lessons.gan_lab.figures.plot_generator_losses": [lambda: gan_figures.plot_generator_losses(num=1)],
    "lessons.gan_lab.figures.plot_grid_snapshots": [lambda: gan_figures.plot_grid_snapshots([], [])],
    "lessons.gan_lab.helpers.silverman_bandwidth": [lambda: gan.silverman_bandwidth([NAN, 1.0])],
    "lessons.gan_lab.helpers.sqrtm_psd": [lambda: gan.sqrtm_psd(-np.eye(2)), lambda: gan.sqrtm_psd(np.zeros((2, 3)))],
    "lessons.gan_lab.helpers.tile_images": [
        lambda: gan.tile_images(np.full((2, 3, 3), NAN)),
        lambda: gan.tile_images(np.zeros((2, 3, 3)), fill=NAN),
        lambda: gan.tile_images(np.zeros((2, 3, 3)), ncols=0),
    ],
    # notebook 08
    "lessons.text_classification_lab.helpers.binary_metrics": [lambda: text.binary_metrics([], [])],
    "lessons.text_classification_lab.helpers.confusion_counts": [lambda: text.confusion_counts([0, 2], [0, 1])],
    "lessons.text_classification_lab.helpers.cosine_similarities": [
        lambda: text.cosine_similarities(np.array([[NAN, 1.0]]), np.array([1.0, 0.0]))
    ],
    "lessons.text_classification_lab.helpers.nearest_words": [
        lambda: text.nearest_words(np.eye(4), ["", "[UNK]", "a", "b"], "a", k=5),
        lambda: text.nearest_words(np.full((4, 4), NAN), ["", "[UNK]", "a", "b"], "a", k=1),
    ],
    "lessons.text_classification_lab.figures.plot_accuracy_comparison": [
        lambda: text_figures.plot_accuracy_comparison([])
    ],
    "lessons.text_classification_lab.figures.plot_length_histogram": [
        lambda: text_figures.plot_length_histogram([NAN, 1.0], cut=2),
        lambda: text_figures.plot_length_histogram([1, 2], cut=0),
    ],
    "lessons.text_classification_lab.figures.plot_probabilities": [
        lambda: text_figures.plot_probabilities(["a"], [1.5])
    ],
    "lessons.text_classification_lab.helpers.shorten": [lambda: text.shorten("abc", width=2)],
    "lessons.text_classification_lab.helpers.split_validation": [
        lambda: text.split_validation(["a", "b"], [0, 1], 1.5)
    ],
    "lessons.text_classification_lab.helpers.standardize_review": [lambda: text.standardize_review(3)],
    "lessons.text_classification_lab.helpers.standardize_text": [lambda: text.standardize_text(3)],
    # notebook 09
    "lessons.language_models.figures.plot_attention": [
        lambda: lm_figures.plot_attention(np.eye(3)[:, :2], list("abc")),
        lambda: lm_figures.plot_attention([[1.0, NAN], [0.5, 0.5]], list("ab")),
        lambda: lm_figures.plot_attention(np.eye(3), "abc"),
    ],
    "lessons.language_models.figures.plot_bars": [
        lambda: lm_figures.plot_bars({}, "perplexity"),
        lambda: lm_figures.plot_bars({"GPT": NAN}, "perplexity"),
        lambda: lm_figures.plot_bars([("GPT", 3.0)], "perplexity"),
    ],
    "lessons.language_models.figures.plot_frontier": [
        lambda: lm_figures.plot_frontier({}, {"compute": [1.0], "loss": [1.0]}, {"a": 1.0, "alpha": 0.1}, 1.0),
        lambda: lm_figures.plot_frontier({1e3: CURVE}, {"loss": [1.0]}, {"a": 1.0, "alpha": 0.1}, 1.0),
        lambda: lm_figures.plot_frontier({1e3: CURVE}, ENVELOPE, {"alpha": 0.1}, 1.0),
        lambda: lm_figures.plot_frontier({1e3: CURVE}, ENVELOPE, {"a": 1.0, "alpha": 0.1}, -1.0),
    ],
    "lessons.language_models.figures.plot_labels_curve": [
        lambda: lm_figures.plot_labels_curve([100, 30], {"a": [[0.6, 0.7]]}),
        lambda: lm_figures.plot_labels_curve([30, 100], {}),
        lambda: lm_figures.plot_labels_curve([30, 100], {"a": [[0.6, 0.7, 0.8]]}),
        lambda: lm_figures.plot_labels_curve([30, 100], {"a": [[0.6, NAN]]}),
    ],
    "lessons.language_models.figures.plot_scaling": [
        lambda: lm_figures.plot_scaling([1e3, NAN, 1e5], [2.0, 1.9, 1.8], {"a": 3.0, "alpha": 0.1}, "N"),
        lambda: lm_figures.plot_scaling([1e3, 1e4], [2.0, 1.9, 1.8], {"a": 3.0, "alpha": 0.1}, "N"),
        lambda: lm_figures.plot_scaling([1e3, 1e4, 1e5], [2.0, 1.9, 1.8], {"alpha": 0.1}, "N"),
    ],
    "lessons.language_models.figures.plot_softmax_saturation": [
        lambda: lm_figures.plot_softmax_saturation([0, 8]),
        lambda: lm_figures.plot_softmax_saturation([]),
        lambda: lm_figures.plot_softmax_saturation([2.5]),
    ],
    "lessons.language_models.figures.plot_token_times": [
        lambda: lm_figures.plot_token_times([1, 2], [0.1], [0.1, 0.2]),
        lambda: lm_figures.plot_token_times([1, 2], [0.1, NAN], [0.1, 0.2]),
    ],
    "lessons.language_models.helpers.bigram_perplexity": [
        lambda: lm.bigram_perplexity(STREAM, [1], 4),
        lambda: lm.bigram_perplexity(STREAM, STREAM, 4, weight=1.5),
        lambda: lm.bigram_perplexity(STREAM[:5], STREAM, 4),
    ],
    "lessons.language_models.helpers.block_params": [lambda: lm.block_params(0), lambda: lm.block_params(16, d_ff=-4)],
    "lessons.language_models.helpers.causal_mask": [lambda: lm.causal_mask(0), lambda: lm.causal_mask(2.5)],
    "lessons.language_models.helpers.clean_review": [lambda: lm.clean_review(None), lambda: lm.clean_review(["a"])],
    "lessons.language_models.helpers.cost_per_million_tokens": [
        lambda: lm.cost_per_million_tokens(100.0, 0.0),
        lambda: lm.cost_per_million_tokens(100.0, -0.085),
        lambda: lm.cost_per_million_tokens(0.0, 0.085),
        lambda: lm.cost_per_million_tokens(NAN, 0.085),
    ],
    "lessons.language_models.helpers.crossovers": [
        lambda: lm.crossovers({1e3: CURVE}),
        lambda: lm.crossovers({1e3: CURVE, 1e4: (CURVE[0][::-1], CURVE[1])}),
        lambda: lm.crossovers({1e3: CURVE, -1e4: CURVE}),
    ],
    "lessons.language_models.helpers.encode_corpus": [
        lambda: lm.encode_corpus([], TOKENIZER),
        lambda: lm.encode_corpus("a fine film.", TOKENIZER),
        lambda: lm.encode_corpus(["a fine film."], {"a": 3}),
    ],
    "lessons.language_models.helpers.fit_power_law": [
        lambda: lm.fit_power_law([1e3, 1e4, NAN], [2.0, 1.9, 1.8]),
        lambda: lm.fit_power_law([1e3, 1e4], [2.0, 1.9]),
        lambda: lm.fit_power_law([1e3, 1e4, 1e5], [2.0, 0.0, 1.8]),
    ],
    "lessons.language_models.helpers.generate": [
        lambda: lm.generate(_logits, TOKENIZER, "", 3, context=8),
        lambda: lm.generate(_logits, TOKENIZER, "a fine film.", 3, context=4),
        lambda: lm.generate(_logits, TOKENIZER, "fine", 3, context=8, method="temperature", temperature=0),
        lambda: lm.generate(_logits, TOKENIZER, "fine", 3, context=8, method="top_k", k=0),
        lambda: lm.generate(_logits, TOKENIZER, "fine", -1, context=8),
        lambda: lm.generate("gpt", TOKENIZER, "fine", 3, context=8),
    ],
    "lessons.language_models.helpers.gpt_params": [
        lambda: lm.gpt_params(0, 32, 16, 2),
        lambda: lm.gpt_params(50, 32, 16, n_layers=-1),
    ],
    "lessons.language_models.helpers.label_draws": [
        lambda: lm.label_draws([], [10], 3),
        lambda: lm.label_draws(LABELS, [100], 3),
        lambda: lm.label_draws(LABELS, [], 3),
        lambda: lm.label_draws(LABELS, [10], 0),
        lambda: lm.label_draws(np.zeros(40, int), [10], 3),
    ],
    "lessons.language_models.helpers.labels_to_match": [
        lambda: lm.labels_to_match([100, 30], [0.5, 0.6], 0.55),
        lambda: lm.labels_to_match([30, 100], [0.5], 0.55),
        lambda: lm.labels_to_match([30, 100], [0.5, 0.6], 1.5),
        lambda: lm.labels_to_match([30, 100], [0.5, NAN], 0.55),
    ],
    "lessons.language_models.helpers.log_steps": [lambda: lm.log_steps(0, 5), lambda: lm.log_steps(100, 1)],
    "lessons.language_models.helpers.lower_envelope": [
        lambda: lm.lower_envelope({1e3: CURVE}),
        lambda: lm.lower_envelope({1e3: CURVE, 1e4: ([1.0, 2.0], [1.0])}),
        lambda: lm.lower_envelope({1e3: CURVE, 1e4: CURVE}, points=1),
    ],
    "lessons.language_models.helpers.multi_head_attention": [
        lambda: lm.multi_head_attention(np.zeros((5, 8)), MHA_WEIGHTS),
        lambda: lm.multi_head_attention(np.full((1, 5, 8), NAN), MHA_WEIGHTS),
        lambda: lm.multi_head_attention(np.zeros((1, 5, 8)), MHA_WEIGHTS[:2]),
        lambda: lm.multi_head_attention(np.zeros((1, 5, 6)), MHA_WEIGHTS),
    ],
    "lessons.language_models.helpers.ngram_bags": [
        lambda: lm.ngram_bags([], 10),
        lambda: lm.ngram_bags([np.array([3, 12])], 10),
        lambda: lm.ngram_bags(np.array([1, 2]), 10),
    ],
    "lessons.language_models.helpers.perplexity": [
        lambda: lm.perplexity(-1.0),
        lambda: lm.perplexity(NAN),
        lambda: lm.perplexity("1.2"),
    ],
    "lessons.language_models.helpers.pooled_features": [
        lambda: lm.pooled_features("gpt", np.ones((2, 4), int), np.array([0, 1]), 2),
        lambda: lm.pooled_features(lambda ids: np.zeros((*ids.shape, 3)), np.ones((2, 4), int), np.array([0, 5]), 2),
        lambda: lm.pooled_features(lambda ids: np.zeros((2, 3)), np.ones((2, 4), int), np.array([0, 1]), 2),
    ],
    "lessons.language_models.helpers.probe_accuracy": [
        lambda: lm.probe_accuracy(np.zeros((4, 2)), [0, 1, 0, 1], np.zeros((3, 2)), [0, 1]),
        lambda: lm.probe_accuracy(np.zeros((4, 2)), [0, 0, 0, 0], np.zeros((2, 2)), [0, 1]),
        lambda: lm.probe_accuracy(np.zeros((4, 2)), [0, 1, 0, 2], np.zeros((2, 2)), [0, 1]),
        lambda: lm.probe_accuracy(np.zeros((4, 2)), [0, 1, 0, 1], np.zeros((2, 3)), [0, 1]),
        lambda: lm.probe_accuracy(np.full((4, 2), NAN), [0, 1, 0, 1], np.zeros((2, 2)), [0, 1]),
        lambda: lm.probe_accuracy(np.zeros((4, 2)), [0, 1, 0, 1], np.zeros((2, 2)), [0, 1], l2_grid=[0.0]),
    ],
    "lessons.language_models.helpers.review_windows": [
        lambda: lm.review_windows(["a fine film."], TOKENIZER, 1),
        lambda: lm.review_windows([], TOKENIZER, 8),
        lambda: lm.review_windows([3], TOKENIZER, 8),
        lambda: lm.review_windows(["a fine film."], TOKENIZER, 8, max_tokens=0),
    ],
    "lessons.language_models.helpers.sample_next": [
        lambda: lm.sample_next([1.0, 2.0], "temperature", temperature=0),
        lambda: lm.sample_next([1.0, 2.0], "top_k", k=0),
        lambda: lm.sample_next([1.0, NAN]),
        lambda: lm.sample_next([], "greedy"),
        lambda: lm.sample_next([1.0, 2.0], "beam"),
        lambda: lm.sample_next([1.0, 2.0], "temperature", rng=0),
    ],
    "lessons.language_models.helpers.scaled_dot_product_attention": [
        lambda: lm.scaled_dot_product_attention(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 3))),
        lambda: lm.scaled_dot_product_attention([[NAN, 1.0]], [[1.0, 1.0]], [[1.0]]),
        lambda: lm.scaled_dot_product_attention(np.ones((3, 2)), np.ones((3, 2)), np.ones((3, 2)), np.ones((3, 3))),
        lambda: lm.scaled_dot_product_attention(np.ones((3, 2)), np.ones((3, 2)), np.ones((3, 2)), lm.causal_mask(4)),
    ],
    "lessons.language_models.helpers.scaled_tokens_per_second": [
        lambda: lm.scaled_tokens_per_second(1e11, 0),
        lambda: lm.scaled_tokens_per_second(-1e11, 7e9),
    ],
    "lessons.language_models.helpers.split_words": [lambda: lm.split_words(None), lambda: lm.split_words(["a"])],
    "lessons.language_models.helpers.tfidf": [
        lambda: lm.tfidf(np.ones((2, 2)), BAGS),
        lambda: lm.tfidf(BAGS.take([]), BAGS),
        lambda: lm.tfidf(BAGS, "test"),
    ],
    "lessons.language_models.helpers.training_flops_per_token": [
        lambda: lm.training_flops_per_token(1000, 16, 0, 32, 50),
        lambda: lm.training_flops_per_token(1000, 16, 2, 32, vocab_size=-1),
        lambda: lm.training_flops_per_token(-5, 16, 2, 32, 50),
    ],
    "lessons.language_models.helpers.unigram_perplexity": [
        lambda: lm.unigram_perplexity(STREAM, STREAM, 3),
        lambda: lm.unigram_perplexity(STREAM.astype(float), STREAM, 4),
        lambda: lm.unigram_perplexity(STREAM, STREAM, 4, alpha=NAN),
    ],
    "lessons.language_models.helpers.windows": [
        lambda: lm.windows(np.arange(3), 5),
        lambda: lm.windows(np.arange(11), 1),
        lambda: lm.windows(np.arange(12).reshape(3, 4), 2),
        lambda: lm.windows(np.arange(11.0), 5),
    ],
    # notebook 10
    "lessons.model_to_product.distributed.check_port_free": [
        lambda: distributed.check_port_free(0),
        lambda: distributed.check_port_free(70000),
        lambda: distributed.check_port_free("8080"),
    ],
    "lessons.model_to_product.distributed.free_ports": [lambda: distributed.free_ports(0)],
    "lessons.model_to_product.distributed.main": [
        lambda: distributed.main([*WORKER_ARGS, "--index", "2", "--out", "/tmp/worker.json"]),
        lambda: distributed.main([*WORKER_ARGS, "--index", "0", "--out", "/nonexistent/folder/worker.json"]),
        lambda: distributed.main(
            [
                "--workers",
                "127.0.0.1:70000",
                "--index",
                "0",
                "--steps",
                "2",
                "--global-batch",
                "8",
                "--out",
                "/tmp/worker.json",
            ]
        ),
        lambda: distributed.main("--index 0"),
    ],
    "lessons.model_to_product.distributed.run_two_workers": [
        lambda: distributed.run_two_workers(steps=2, global_batch=7),
        lambda: distributed.run_two_workers(steps=0, global_batch=8),
        lambda: distributed.run_two_workers(steps=2, global_batch=8, ports=(5000, 5000)),
        lambda: distributed.run_two_workers(steps=2, global_batch=8, ports=(5000, 70000)),
        lambda: distributed.run_two_workers(steps=2, global_batch=8, timeout_s=-1),
    ],
    "lessons.model_to_product.distributed.train_losses": [
        lambda: distributed.train_losses(None, 2, 8),
        lambda: distributed.train_losses(None, 0, 8),
    ],
    "lessons.model_to_product.helpers.latency_summary": [lambda: serve.latency_summary([NAN])],
    "lessons.model_to_product.figures.plot_bars": [lambda: serve_figures.plot_bars(["a"], {"x": [NAN]})],
    "lessons.model_to_product.figures.plot_latency": [lambda: serve_figures.plot_latency({"a": [1.0]}, {"a": NAN})],
    "lessons.model_to_product.helpers.physical_cores": [lambda: serve.physical_cores(cpuinfo=3)],
    "lessons.model_to_product.helpers.size_bytes": [lambda: serve.size_bytes("/nonexistent/model")],
    "lessons.model_to_product.helpers.time_calls": [lambda: serve.time_calls(lambda: None, repeats=0)],
    "lessons.model_to_product.scoreboard.as_fraction": [
        lambda: scoreboard.as_fraction("83.25", "%"),
        lambda: scoreboard.as_fraction(83.25, 1),
    ],
    "lessons.model_to_product.scoreboard.claim_verdict": [
        lambda: scoreboard.claim_verdict(NAN, 0.83),
        lambda: scoreboard.claim_verdict(0.8, 0.83, tolerance=-0.01),
    ],
    "lessons.model_to_product.scoreboard.comparability": [
        lambda: scoreboard.comparability("001 §5.4", {}, "quick"),
        lambda: scoreboard.comparability(scoreboard.ARTICLE_CLAIMS[0], [0.83], "quick"),
    ],
    "lessons.model_to_product.scoreboard.find_claim_figure": [
        lambda: scoreboard.find_claim_figure("cifar_article_cnn_test_accuracy", {}),
        lambda: scoreboard.find_claim_figure(scoreboard.ARTICLE_CLAIMS[0], {"06_cnn_lab": {}}),
    ],
    "lessons.model_to_product.scoreboard.format_value": [lambda: scoreboard.format_value(0.97, unit=["accuracy"])],
    "lessons.model_to_product.scoreboard.claim_rows": [lambda: scoreboard.claim_rows(3)],
    "lessons.model_to_product.scoreboard.claims_markdown": [
        lambda: scoreboard.claims_markdown(3),
        lambda: scoreboard.claims_markdown([{"article": "001 §5.4", "claimed": 0.8325}]),
    ],
    "lessons.model_to_product.scoreboard.markdown_table": [lambda: scoreboard.markdown_table([{"a": 1}], {})],
    "lessons.model_to_product.scoreboard.plot_scoreboard": [
        lambda: scoreboard.plot_scoreboard(3),
        lambda: scoreboard.plot_scoreboard(scoreboard.scoreboard_rows({}), claims="none"),
    ],
    "lessons.model_to_product.scoreboard.scoreboard_markdown": [lambda: scoreboard.scoreboard_markdown(3)],
    "lessons.model_to_product.scoreboard.scoreboard_rows": [lambda: scoreboard.scoreboard_rows(3)],
}


def _figure():
    return plots.new_figure()[0]


def _square_wrong_shape(w):
    return np.sum(w**2)  # one number for a whole grid: the callback returns the wrong shape


# More bad inputs per function: the cases the issue names (degenerate fits, log axes, empty or NaN labels,
# fractional GPU counts, seeds, sources that cannot be shown, bytes that are not a model, zero-sized figures,
# callbacks returning the wrong shape, folders that are not the course, unknown profiles) and their neighbours.
MORE_BAD_INPUTS: dict[str, list[Callable[[], object]]] = {
    # machinery
    "course.badge_markdown": [
        lambda: course.badge_markdown("../06_cnn_lab.ipynb"),
        lambda: course.badge_markdown("06_cnn_lab.ipynb", slug="no-slash"),
        lambda: course.badge_markdown("06_cnn_lab.ipynb", ref="--force"),
    ],
    "course.colab_url": [
        lambda: course.colab_url("06_cnn_lab.py"),
        lambda: course.colab_url("/abs/06_cnn_lab.ipynb"),
        lambda: course.colab_url(None),
    ],
    "course.outputs_dir": [lambda: course.outputs_dir(3), lambda: course.outputs_dir("/nonexistent/course")],
    "course.repo_url": [
        lambda: course.repo_url("owner"),
        lambda: course.repo_url(None),
        lambda: course.repo_url("a/b c"),
    ],
    "course.setup_cell_source": [
        lambda: course.setup_cell_source("owner/name", ""),
        lambda: course.setup_cell_source("owner/name", "v1 && rm"),
        lambda: course.setup_cell_source(3, "v1"),
    ],
    "course.with_badge": [lambda: course.with_badge("# 05 · Title", "../x.ipynb")],
    "course.without_badge": [lambda: course.without_badge(b"# 05"), lambda: course.without_badge(["# 05"])],
    "environment.check_versions": [lambda: environment.check_versions([("keras", "3.0")])],
    "environment.parse_version": [lambda: environment.parse_version(""), lambda: environment.parse_version(None)],
    "environment.setup": [
        lambda: environment.setup(seed=-1),
        lambda: environment.setup(seed=1.5),
        lambda: environment.setup(seed=2**32),
        lambda: environment.setup(seed="42"),
        lambda: environment.setup(verbose="yes"),
    ],
    "environment.version_problems": [lambda: environment.version_problems({"keras": None, "numpy": "2.0"})],
    "profile.profile": [lambda: profile("fast"), lambda: profile(3), lambda: profile(""), lambda: profile(["quick"])],
    "seeding.seed_everything": [
        lambda: seeding.seed_everything(2**32),
        lambda: seeding.seed_everything(1.0),
        lambda: seeding.seed_everything(True),
        lambda: seeding.seed_everything(None),
        lambda: seeding.seed_everything(1, deterministic_ops="yes"),
    ],
    "source.show_source": [
        lambda: source.show_source(lambda x: x),
        lambda: source.show_source(len),
        lambda: source.show_source(print),
        lambda: source.show_source(np.float64),
        lambda: source.show_source(functools.partial(gd.mse, [1.0])),
        lambda: source.show_source(gd.mse, "gd.mse"),
    ],
    "tf_import.watch_tensorflow_import": [
        lambda: tf_import.watch_tensorflow_import("", lambda tf: None),
        lambda: tf_import.watch_tensorflow_import("seed", 3),
        lambda: tf_import.watch_tensorflow_import(None, lambda tf: None),
    ],
    "colab.install_missing": [
        lambda: colab.install_missing((("surely_not_a_module_x", "tensorflow==2.0"),)),
        lambda: colab.install_missing("ipywidgets==8.1.9"),
        lambda: colab.install_missing([("not a module", "x==1")]),
    ],
    "colab.missing_packages": [
        lambda: colab.missing_packages("ipywidgets"),
        lambda: colab.missing_packages([("", "x==1")]),
        lambda: colab.missing_packages([("x", 3)]),
    ],
    "results.load_results": [lambda: results.load_results("/nonexistent/results"), lambda: results.load_results("")],
    "results.results_dir": [lambda: results.results_dir("/nonexistent/course"), lambda: results.results_dir(3.5)],
    "widgets.interact": [
        lambda: widgets.interact(_figure, show=False),
        lambda: widgets.interact(lambda lr: None, show=False, lr=(0.0, 1.0, 0.1)),
        lambda: widgets.interact(lambda lr: _figure(), show="no", lr=(0.0, 1.0, 0.1)),
        lambda: widgets.interact(lambda lr: _figure(), show=False, lr=(0.0, 1.0, 0.0)),
    ],
    "widgets.make_control": [
        lambda: widgets.make_control(3, (0.0, 1.0, 0.1)),
        lambda: widgets.make_control("lr", (0.0, 1.0, 0.1, 2.0)),
        lambda: widgets.make_control("lr", (0.0, NAN, 0.1)),
        lambda: widgets.make_control("lr", (True, 1, 1)),
        lambda: widgets.make_control("lr", []),
    ],
    "plots.confusion_matrix": [
        lambda: plots.confusion_matrix([], []),
        lambda: plots.confusion_matrix([0.0, NAN], [0, 1]),
        lambda: plots.confusion_matrix([0, -1], [0, 1]),
        lambda: plots.confusion_matrix(np.eye(3), np.eye(3)),
        lambda: plots.confusion_matrix([0, 1], [0, 1], num_classes=2.5),
        lambda: plots.confusion_matrix([[0, 1], [2]], [0, 1]),
    ],
    "plots.figure_alt_text": [lambda: plots.figure_alt_text(_figure(), max_panels=0)],
    "plots.figure_size": [
        lambda: plots.figure_size(0.0, "width"),
        lambda: plots.figure_size(-3.0, "height"),
        lambda: plots.figure_size(1e6, "width"),
        lambda: plots.figure_size("4", "width"),
    ],
    "plots.image_grid": [
        lambda: plots.image_grid(np.zeros((0, 4, 4))),
        lambda: plots.image_grid(np.zeros((2, 4, 4)), size=0.0),
        lambda: plots.image_grid(np.zeros((2, 4, 4)), cmap="not-a-map"),
        lambda: plots.image_grid(np.zeros((2, 4, 4)), labels=["a"]),
        lambda: plots.image_grid(np.zeros((2, 4, 4), dtype=complex)),
        lambda: plots.image_grid(np.zeros((2, 4, 4)), ncols=True),
    ],
    "plots.matplotlib_patch": [
        lambda: plots.matplotlib_patch("not-a-colour", "x"),
        lambda: plots.matplotlib_patch("red", 3),
    ],
    "plots.new_figure": [
        lambda: plots.new_figure(width=0.0),
        lambda: plots.new_figure(height=-1.0),
        lambda: plots.new_figure(ncols=2.0),
        lambda: plots.new_figure(nrows=10**6),
        lambda: plots.new_figure(width=1e5),
    ],
    "plots.plot_confusion_matrix": [
        lambda: plots.plot_confusion_matrix([], [], class_names=["a"]),
        lambda: plots.plot_confusion_matrix([0, NAN], [0, 1]),
        lambda: plots.plot_confusion_matrix([0, 1], [0, 1], normalize="yes"),
        lambda: plots.plot_confusion_matrix([0, 1], [0, 1], class_names="ab"),
    ],
    "plots.plot_course_map": [
        lambda: plots.plot_course_map(["00_welcome_and_setup"]),
        lambda: plots.plot_course_map("map"),
    ],
    "plots.plot_history": [
        lambda: plots.plot_history({"loss": [1.0, 0.5], "val_loss": [1.0]}),
        lambda: plots.plot_history({"loss": ["a", "b"]}),
        lambda: plots.plot_history({"loss": [1.0]}, metrics=["accuracy"]),
        lambda: plots.plot_history({"loss": [1.0]}, metrics="loss"),
    ],
    "plots.plot_lines": [
        lambda: plots.plot_lines([1.0, 2.0], {"a": [1.0, 0.0]}, logy=True),
        lambda: plots.plot_lines([0.0, 1.0], {"a": [1.0, 2.0]}, logx=True),
        lambda: plots.plot_lines([1.0, 2.0], {"a": [1.0, -2.0]}, logy=True),
        lambda: plots.plot_lines([1.0, NAN], {"a": [1.0, 2.0]}),
        lambda: plots.plot_lines([1.0, 2.0], {"a": [1.0, NAN]}),
        lambda: plots.plot_lines([1.0, 2.0], {"a": [1.0, 2.0]}, logy="yes"),
    ],
    "plots.save_figure": [
        lambda: plots.save_figure(_figure(), "../escape"),
        lambda: plots.save_figure(_figure(), "a/b"),
        lambda: plots.save_figure(_figure(), 3),
        lambda: plots.save_figure(_figure(), "curve", folder=3),
    ],
    "plots.set_alt_text": [lambda: plots.set_alt_text(_figure(), "  "), lambda: plots.set_alt_text(_figure(), None)],
    # notebook 01
    "lessons.startup_landscape.concept_maps.circle_layout": [
        lambda: concept_maps.circle_layout([]),
        lambda: concept_maps.circle_layout([("a", "a")]),
    ],
    "lessons.startup_landscape.concept_maps.compute_layout": [
        lambda: concept_maps.compute_layout([("a", "b")], kind=None),
        lambda: concept_maps.compute_layout([("a", "b"), ("a", "b")]),
    ],
    "lessons.startup_landscape.concept_maps.draw_concept_map": [
        lambda: concept_maps.draw_concept_map([("a", "b")], width=0.0),
        lambda: concept_maps.draw_concept_map([("a", "b")], wrap=NAN),
        lambda: concept_maps.draw_concept_map([("a", "b")], highlight="a"),
        lambda: concept_maps.draw_concept_map([("a", "b")], highlight=["c"]),
        lambda: concept_maps.draw_concept_map([("a", "b")], layout="spiral"),
        lambda: concept_maps.draw_concept_map([("a", "b")], title=3),
    ],
    "lessons.startup_landscape.concept_maps.is_connected": [
        lambda: concept_maps.is_connected([]),
        lambda: concept_maps.is_connected([("a", 3)]),
    ],
    "lessons.startup_landscape.concept_maps.is_single_cycle": [
        lambda: concept_maps.is_single_cycle([]),
        lambda: concept_maps.is_single_cycle(["ab"]),
    ],
    "lessons.startup_landscape.concept_maps.layer_of": [
        lambda: concept_maps.layer_of([]),
        lambda: concept_maps.layer_of([("a",)]),
    ],
    "lessons.startup_landscape.concept_maps.layered_layout": [
        lambda: concept_maps.layered_layout([]),
        lambda: concept_maps.layered_layout([("a", "b")], down="yes"),
    ],
    "lessons.startup_landscape.concept_maps.nodes_of": [
        lambda: concept_maps.nodes_of([]),
        lambda: concept_maps.nodes_of([1.0]),
    ],
    "lessons.startup_landscape.concept_maps.validate_edges": [
        lambda: concept_maps.validate_edges([]),
        lambda: concept_maps.validate_edges([("a", "")]),
        lambda: concept_maps.validate_edges([("a", "b"), ("a", "b")]),
    ],
    "lessons.startup_landscape.figures.plot_runway": [
        lambda: startup_figures.plot_runway({"a": startup.DEFAULT}, horizon_months=0),
        lambda: startup_figures.plot_runway({"a": {"funding": 1e6}}),
        lambda: startup_figures.plot_runway({3: startup.DEFAULT}),
        lambda: startup_figures.plot_runway([startup.DEFAULT]),
    ],
    "lessons.startup_landscape.helpers.assumptions_table": [lambda: startup.assumptions_table({"funding": 1e6})],
    "lessons.startup_landscape.helpers.check_scenarios": [
        lambda: startup.check_scenarios({}),
        lambda: startup.check_scenarios({"a": 3}),
        lambda: startup.check_scenarios("a"),
    ],
    "lessons.startup_landscape.helpers.format_value": [
        lambda: startup.format_value("headcount", 3),
        lambda: startup.format_value("funding", NAN),
        lambda: startup.format_value(3, 1.0),
    ],
    "lessons.startup_landscape.helpers.runway_table": [
        lambda: startup.runway_table({"a": startup.DEFAULT}, horizon_months=601),
        lambda: startup.runway_table({"a": startup.DEFAULT}, horizon_months=12.0),
        lambda: startup.runway_table("a"),
    ],
    "lessons.startup_landscape.helpers.simulate_runway": [
        lambda: startup.simulate_runway(startup.DEFAULT, horizon_months=True),
        lambda: startup.simulate_runway({"funding": 1.0}),
    ],
    # notebook 02
    "lessons.strategy_in_numbers.figures.plot_market_sizing": [
        lambda: strategy_figures.plot_market_sizing({}),
        lambda: strategy_figures.plot_market_sizing({"a": (1e9, 1e8, 1e7)}),
        lambda: strategy_figures.plot_market_sizing("a"),
        lambda: strategy_figures.plot_market_sizing({"a": strategy.top_down_market(1e9, 0.0, 0.1)}),
    ],
    "lessons.strategy_in_numbers.figures.plot_team": [
        lambda: strategy_figures.plot_team(60.0, -0.01),
        lambda: strategy_figures.plot_team(60.0, 0.03, max_team=2.5),
        lambda: strategy_figures.plot_team(60.0, 0.03, max_team=10**9),
    ],
    "lessons.strategy_in_numbers.figures.plot_tornado": [
        lambda: strategy_figures.plot_tornado([("a", 3.0, 1.0)], centre=2.0),
        lambda: strategy_figures.plot_tornado([("a", 1.0, 3.0)], centre=float("inf")),
        lambda: strategy_figures.plot_tornado("rows", centre=2.0),
    ],
    "lessons.strategy_in_numbers.figures.plot_unit_economics": [
        lambda: strategy_figures.plot_unit_economics([-8e9], 0.6),
        lambda: strategy_figures.plot_unit_economics([[8e9], [1e9, 2e9]], 0.6),
        lambda: strategy_figures.plot_unit_economics([], 0.6),
    ],
    "lessons.strategy_in_numbers.helpers.fit_bass": [
        lambda: strategy.fit_bass([2010.0, 2010.0, 2010.0], [0.1, 0.2, 0.3], 2000.0),
        lambda: strategy.fit_bass([2010.0, 2011.0, 2012.0], [0.0, 0.0, 0.0], 2000.0),
        lambda: strategy.fit_bass([2010.0, 2011.0, 2012.0], [0.1, NAN, 0.3], 2000.0),
    ],
    "lessons.strategy_in_numbers.helpers.fit_decline": [
        lambda: strategy.fit_decline([2021.0, 2021.0], [60.0, 1.0]),
        lambda: strategy.fit_decline([2021.0, 2024.0], [-60.0, 1.0]),
        lambda: strategy.fit_decline([[2021.0, 2024.0]], [[60.0, 1.0]]),
    ],
    "lessons.strategy_in_numbers.helpers.monte_carlo_runway": [
        lambda: strategy.monte_carlo_runway(
            strategy.RUNWAY_BASE, [], 10, RNG, uncertain={"gross_margin": (0.5, 0.9, 1.5)}
        ),
        lambda: strategy.monte_carlo_runway(strategy.RUNWAY_BASE, [], 10**9, RNG),
        lambda: strategy.monte_carlo_runway(strategy.RUNWAY_BASE, ["risk"], 10, RNG),
    ],
    "lessons.strategy_in_numbers.helpers.sample_pert": [
        lambda: strategy.sample_pert(TASK, 2.5, RNG),
        lambda: strategy.sample_pert(TASK, 10**9, RNG),
        lambda: strategy.sample_pert(TASK, 10, np.random.RandomState(0)),
    ],
    "lessons.strategy_in_numbers.helpers.simulate_flywheel": [
        lambda: strategy.simulate_flywheel(strategy.Flywheel(), 1e4, months=10**6),
        lambda: strategy.simulate_flywheel(strategy.Flywheel(), NAN),
    ],
    "lessons.strategy_in_numbers.helpers.revenue_path": [
        lambda: strategy.revenue_path(1e9, 1e-6, 0.5, 0.5, 10**6),
        lambda: strategy.revenue_path(1e9, 1e-6, -1.5, 0.5, 5),
    ],
    "lessons.strategy_in_numbers.helpers.decimal_year": [
        lambda: strategy.decimal_year("2013-02-30"),
        lambda: strategy.decimal_year(None),
    ],
    # notebook 03
    "lessons.big_model_economics.figures.plot_training_calculator": [
        lambda: econ_figures.plot_training_calculator(7.0, 140.0, n_gpus=2.5),
        lambda: econ_figures.plot_training_calculator(7.0, 140.0, n_gpus=0),
        lambda: econ_figures.plot_training_calculator(7.0, 140.0, gpu="TPU"),
        lambda: econ_figures.plot_training_calculator(7.0, 140.0, mfu=1.5),
    ],
    "lessons.big_model_economics.figures.plot_break_even": [
        lambda: econ_figures.plot_break_even(1e4, 0.1, "0.5"),
        lambda: econ_figures.plot_break_even(-1.0, 0.1, 0.5),
        lambda: econ_figures.plot_break_even(1e4, 0.1, 0.5, save="a/b"),
    ],
    "lessons.big_model_economics.figures.plot_cost_vs_size": [
        lambda: econ_figures.plot_cost_vs_size(mfu=0.0),
        lambda: econ_figures.plot_cost_vs_size(price_per_hour=-2.0),
    ],
    "lessons.big_model_economics.helpers.assumptions_table": [lambda: econ.assumptions_table(["row"])],
    "lessons.big_model_economics.helpers.dense_training_step_flops": [
        lambda: econ.dense_training_step_flops([(4, 3), (2, 1)], 8),
        lambda: econ.dense_training_step_flops([(4.0, 3)], 8),
        lambda: econ.dense_training_step_flops([(4, 3)], 2.5),
    ],
    "lessons.big_model_economics.helpers.estimate_cpu_peak": [
        lambda: econ.estimate_cpu_peak(b"flags : avx2"),
        lambda: econ.estimate_cpu_peak(cores=2.5),
    ],
    "lessons.big_model_economics.helpers.estimate_training": [
        lambda: econ.estimate_training(1e9, 2e10, gpu="B200"),
        lambda: econ.estimate_training(1e300, 1e300),
        lambda: econ.estimate_training(1e9, 2e10, mfu=0.0),
    ],
    "lessons.big_model_economics.helpers.training_flops": [
        lambda: econ.training_flops(1e300, 1e300),
        lambda: econ.training_flops(-1.0, 1e9),
    ],
    "lessons.big_model_economics.helpers.gpu_hours": [
        lambda: econ.gpu_hours(1e20, 312e12, 1.5),
        lambda: econ.gpu_hours(1e20, 0.0, 0.4),
    ],
    # notebook 04
    "lessons.gradient_descent.figures.plot_contour_paths": [
        lambda: gd_figures.plot_contour_paths(lambda a, b: np.sum(a), {"gd": [[0.0, 0.0]]}, (0, 1), (0, 1)),
        lambda: gd_figures.plot_contour_paths(lambda a, b: a * 0 + 1.0, {"gd": [[0.0, 0.0]]}, (0, 1), (0, 1)),
        lambda: gd_figures.plot_contour_paths(lambda a, b: a + b + 1, {"gd": [0.0, 0.0]}, (0, 1), (0, 1)),
        lambda: gd_figures.plot_contour_paths(lambda a, b: a + b + 1, {"gd": [[0.0, 0.0]]}, (0, 1), (0, 1), levels=0),
    ],
    "lessons.gradient_descent.figures.plot_descent_1d": [
        lambda: gd_figures.plot_descent_1d(_square_wrong_shape, {"gd": [1.0]}, (-1, 1)),
        lambda: gd_figures.plot_descent_1d(lambda w: np.log(w), {"gd": [1.0]}, (-1, 1)),
        lambda: gd_figures.plot_descent_1d(3, {"gd": [1.0]}, (-1, 1)),
        lambda: gd_figures.plot_descent_1d(lambda w: w, {"gd": ["a"]}, (-1, 1)),
    ],
    "lessons.gradient_descent.helpers.numerical_gradient": [
        lambda: gd.numerical_gradient(lambda x: x, [1.0, 2.0]),
        lambda: gd.numerical_gradient(lambda x: "loss", [1.0]),
        lambda: gd.numerical_gradient(3, [1.0]),
    ],
    "lessons.gradient_descent.helpers.make_line_data": [
        lambda: gd.make_line_data(x_range=(2.0, 2.0)),
        lambda: gd.make_line_data(x_range=[[0.0, 1.0], [2.0]]),
        lambda: gd.make_line_data(seed=-1),
        lambda: gd.make_line_data(n=10**9),
    ],
    # notebook 05
    "lessons.neural_networks_from_scratch.figures.plot_decision_boundaries": [
        lambda: nn_figures.plot_decision_boundaries(np.zeros((4, 2)), [0, 1, 0, NAN]),
        lambda: nn_figures.plot_decision_boundaries(np.zeros((4, 2)), [0, 1, 0, 1], {"p": lambda g: 0.5}),
        lambda: nn_figures.plot_decision_boundaries(np.zeros((4, 2)), [0, 1, 0, 1], {"p": lambda g: g}),
        lambda: nn_figures.plot_decision_boundaries(np.zeros((4, 2)), [0, 1, 0, 1], {"p": 3}),
        lambda: nn_figures.plot_decision_boundaries(np.zeros((4, 2)), [0, 1, 0, 1], resolution=1),
    ],
    "lessons.neural_networks_from_scratch.figures.plot_activations": [
        lambda: nn_figures.plot_activations({"relu": (nn.relu, lambda z: 1.0)}),
        lambda: nn_figures.plot_activations({"relu": nn.relu}),
        lambda: nn_figures.plot_activations({"relu": (nn.relu, nn.relu_grad)}, z=[NAN]),
    ],
    "lessons.neural_networks_from_scratch.helpers.softmax": [
        lambda: nn.softmax(3.0),
        lambda: nn.softmax([1.0, 2.0], axis=1),
    ],
    "lessons.neural_networks_from_scratch.helpers.make_xor_blobs": [
        lambda: nn.make_xor_blobs(n=10),
        lambda: nn.make_xor_blobs(seed=-1),
        lambda: nn.make_xor_blobs(spread=0.0),
    ],
    # notebook 06
    "lessons.cnn_lab.figures.plot_probabilities": [
        lambda: cnn_figures.plot_probabilities(np.zeros((2, 4, 4)), [[0.5, 0.5], [0.5, 0.5]], [0, NAN]),
        lambda: cnn_figures.plot_probabilities(np.zeros((2, 4, 4)), [[0.5, 0.5], [0.5, 0.5]], [0, 2]),
        lambda: cnn_figures.plot_probabilities(np.zeros((2, 4, 4)), [[1.5, -0.5], [0.5, 0.5]], [0, 1]),
        lambda: cnn_figures.plot_probabilities(np.zeros((2, 4, 4)), [[0.5, 0.5], [0.5, 0.5]], [0, 1], class_names="ab"),
    ],
    "lessons.cnn_lab.figures.plot_kernel_gallery": [
        lambda: cnn_figures.plot_kernel_gallery({"k": np.eye(3)}, {}),
        lambda: cnn_figures.plot_kernel_gallery({"k": np.eye(3)}, {"k": [[NAN]]}),
        lambda: cnn_figures.plot_kernel_gallery("k", {}),
    ],
    # notebook 07
    "lessons.gan_lab.figures.plot_class_histogram": [
        lambda: gan_figures.plot_class_histogram({"a": [0.5, NAN]}),
        lambda: gan_figures.plot_class_histogram({"a": [0.5, 0.5]}, low=0.1),
        lambda: gan_figures.plot_class_histogram({"a": [0.5, 0.5]}, low=0.2, high=0.1),
        lambda: gan_figures.plot_class_histogram({"a": [1.5, -0.5]}),
    ],
    "lessons.gan_lab.figures.plot_gan1d_snapshots": [
        lambda: gan_figures.plot_gan1d_snapshots(
            [{"step": 0, "samples": [1.0, 2.0], "d_grid": [0.5, 0.5]}], 0.0, 1.0, [1.0, 0.0]
        ),
        lambda: gan_figures.plot_gan1d_snapshots(
            [{"step": 0, "samples": [1.0, 2.0], "d_grid": [1.5, 0.5]}], 0.0, 1.0, [0.0, 1.0]
        ),
        lambda: gan_figures.plot_gan1d_snapshots(["snap"], 0.0, 1.0, [0.0, 1.0]),
        lambda: gan_figures.plot_gan1d_snapshots(
            [{"step": 0, "samples": [1.0, 2.0], "d_grid": [0.5, 0.5]}], 0.0, 1.0, [0.0, 1.0], bins=0
        ),
    ],
    "lessons.gan_lab.helpers.frechet_distance_features": [
        lambda: gan.frechet_distance_features(np.zeros((3, 2)), np.zeros((3, 4))),
        lambda: gan.frechet_distance_features(np.zeros((3, 2)), [[NAN, 0.0], [0.0, 0.0]]),
    ],
    "lessons.gan_lab.helpers.inception_score": [
        lambda: gan.inception_score([[0.5, 0.5]], splits=2),
        lambda: gan.inception_score([[0.5, 0.5]], splits=True),
        lambda: gan.inception_score([[0.9, 0.9]]),
    ],
    "lessons.gan_lab.helpers.tile_images": [
        lambda: gan.tile_images(np.zeros((2, 3, 3)), pad=2.5),
        lambda: gan.tile_images(np.zeros((2, 3, 3)), pad=-1),
        lambda: gan.tile_images(np.zeros((0, 3, 3))),
    ],
    # notebook 08
    "lessons.text_classification_lab.helpers.binary_metrics": [
        lambda: text.binary_metrics([0, NAN], [0, 1]),
        lambda: text.binary_metrics([0, 1], [0, 2]),
        lambda: text.binary_metrics([[0, 1], [1]], [0, 1]),
    ],
    "lessons.text_classification_lab.helpers.confusion_counts": [
        lambda: text.confusion_counts([], []),
        lambda: text.confusion_counts("01", "01"),
    ],
    "lessons.text_classification_lab.helpers.split_validation": [
        lambda: text.split_validation(["a", "b"], [0, 1], 0.5, seed=-1),
        lambda: text.split_validation(["a", "b"], [0, 1], 0.5, seed=1.5),
        lambda: text.split_validation([], [], 0.5),
        lambda: text.split_validation(["a", "b"], [0.5, 1.0], 0.5),
    ],
    "lessons.text_classification_lab.helpers.shorten": [lambda: text.shorten(None), lambda: text.shorten(b"abc")],
    "lessons.text_classification_lab.helpers.standardize_review": [
        lambda: text.standardize_review(None),
        lambda: text.standardize_review([1, 2]),
        lambda: text.standardize_review([["a", "b"], ["c"]]),
    ],
    # notebook 10
    "lessons.model_to_product.helpers.size_bytes": [lambda: serve.size_bytes(3), lambda: serve.size_bytes("")],
    "lessons.model_to_product.helpers.time_calls": [
        lambda: serve.time_calls(3, repeats=1),
        lambda: serve.time_calls(lambda: None, repeats=10**9),
        lambda: serve.time_calls(lambda: None, repeats=1, warmup=-1),
    ],
    "lessons.model_to_product.helpers.latency_summary": [
        lambda: serve.latency_summary([]),
        lambda: serve.latency_summary([-0.1]),
        lambda: serve.latency_summary([[0.1], [0.2, 0.3]]),
    ],
    "lessons.model_to_product.figures.plot_latency": [
        lambda: serve_figures.plot_latency({"a": [0.0, 1.0]}, {"a": 1.0}),
        lambda: serve_figures.plot_latency({"a": [1.0]}, {"a": -1.0}),
        lambda: serve_figures.plot_latency("a", {"a": 1.0}),
    ],
    "lessons.model_to_product.figures.plot_bars": [
        lambda: serve_figures.plot_bars(["a", "b"], {"x": [1.0]}),
        lambda: serve_figures.plot_bars(["a"], {"x": [1.0]}, formats={"x": "{:q}"}),
        lambda: serve_figures.plot_bars([1, 2], {"x": [1.0, 2.0]}),
    ],
    "lessons.model_to_product.distributed.free_ports": [
        lambda: distributed.free_ports(2.5),
        lambda: distributed.free_ports(10**6),
    ],
    "lessons.model_to_product.scoreboard.format_value": [
        lambda: scoreboard.format_value("0.97"),
        lambda: scoreboard.format_value(True),
        lambda: scoreboard.format_value(1j),
    ],
    "lessons.model_to_product.scoreboard.markdown_table": [
        lambda: scoreboard.markdown_table("rows", {"a": "A"}),
        lambda: scoreboard.markdown_table([3], {"a": "A"}),
        lambda: scoreboard.markdown_table([{"a": 1}], {"a": 3}),
    ],
    "lessons.model_to_product.scoreboard.scoreboard_rows": [
        lambda: scoreboard.scoreboard_rows({}, labs=[("06_cnn_lab",)]),
        lambda: scoreboard.scoreboard_rows({"06_cnn_lab": {}}),
    ],
    "lessons.model_to_product.scoreboard.claim_rows": [lambda: scoreboard.claim_rows({}, claims=["001 §5.4"])],
    # validation
    "validation.file_stem": [
        lambda: validation.file_stem("../x"),
        lambda: validation.file_stem(3),
        lambda: validation.file_stem(" "),
    ],
    "validation.flag": [
        lambda: validation.flag(1, "x"),
        lambda: validation.flag("True", "x"),
        lambda: validation.flag(True, 3),
    ],
    "validation.function": [lambda: validation.function(3, "f"), lambda: validation.function(int, "f")],
    "validation.mapping": [
        lambda: validation.mapping([("a", 1)], "m"),
        lambda: validation.mapping({}, "m"),
        lambda: validation.mapping({"a": 1}, "m", allow_empty="no"),
    ],
    "validation.sequence": [
        lambda: validation.sequence("abc", "s"),
        lambda: validation.sequence({"a": 1}, "s"),
        lambda: validation.sequence([], "s"),
        lambda: validation.sequence(3, "s"),
    ],
    "validation.as_float_array": [
        lambda: validation.as_float_array([1 + 2j]),
        lambda: validation.as_float_array([[1.0, 2.0], [3.0]]),
        lambda: validation.as_float_array(None),
        lambda: validation.as_float_array([1.0], name=3),
    ],
    "validation.integer_labels": [
        lambda: validation.integer_labels([0.0, NAN]),
        lambda: validation.integer_labels([0, -1]),
        lambda: validation.integer_labels([], allow_empty=False),
        lambda: validation.integer_labels([True, False]),
        lambda: validation.integer_labels([0, 5], num_classes=3),
    ],
    "validation.real_number": [
        lambda: validation.real_number(1j, "x"),
        lambda: validation.real_number(5.0, "x", maximum=1.0),
    ],
    "validation.whole_number": [
        lambda: validation.whole_number(np.float64(2.0), "n"),
        lambda: validation.whole_number(5, "n", maximum=3),
    ],
    "validation.positive_number": [
        lambda: validation.positive_number(0.0, "x"),
        lambda: validation.positive_number(10**400, "x"),
    ],
    "validation.check_probabilities": [
        lambda: validation.check_probabilities([]),
        lambda: validation.check_probabilities("p"),
    ],
    "validation.check_one_hot_rows": [
        lambda: validation.check_one_hot_rows([1.0, 0.0]),
        lambda: validation.check_one_hot_rows([[-1.0, 2.0]]),
    ],
    # the book and the translations: folders that are not the course, unknown profiles in headers
    "book.header_markdown": [
        lambda: book.header_markdown(COURSE_MAP[0], {"profile": "fast", "executed_at": "2025-01-01 00:00 UTC"}),
        lambda: book.header_markdown(COURSE_MAP[0], {"profile": "quick", "executed_at": 3}),
    ],
    "book.index_markdown": [
        lambda: book.index_markdown(list(COURSE_MAP), "Course", {"profile": "fast", "executed_at": "now"}),
        lambda: book.index_markdown(["06_cnn_lab"], "Course", {"profile": "quick", "executed_at": "now"}),
        lambda: book.index_markdown(list(COURSE_MAP), "", {"profile": "quick", "executed_at": "now"}),
    ],
    "book.course_notebooks": [
        lambda: book.course_notebooks(3),
        lambda: book.course_notebooks(Path(utils.__file__).parent),
    ],
    "book.render_html": [lambda: book.render_html("/nonexistent/src", "/nonexistent/html", jobs="many")],
    "translations.build": [lambda: translations.build(Path(utils.__file__).parent), lambda: translations.build(3)],
    "translations.check": [lambda: translations.check(Path(utils.__file__).parent)],
    "translations.readme": [lambda: translations.readme(Path(utils.__file__).parent)],
}
for _name, _calls in MORE_BAD_INPUTS.items():
    BAD_INPUTS.setdefault(_name, []).extend(_calls)


# functions without a bad-input test here, each with the reason
# Plain cores a notebook shows (issue #26): the computation alone; the public twin without `_core` validates.
PLAIN_CORES = [
    "lessons.gradient_descent.helpers.binary_cross_entropy_core",
    "lessons.gradient_descent.helpers.binary_cross_entropy_grad_core",
    "lessons.gradient_descent.helpers.categorical_cross_entropy_core",
    "lessons.gradient_descent.helpers.categorical_cross_entropy_grad_core",
    "lessons.gradient_descent.helpers.mse_core",
    "lessons.gradient_descent.helpers.mse_grad_core",
    "lessons.gradient_descent.helpers.numerical_gradient_core",
    "lessons.gradient_descent.helpers.relative_error_core",
    "lessons.neural_networks_from_scratch.helpers.log_softmax_core",
    "lessons.neural_networks_from_scratch.helpers.softmax_core",
    "lessons.neural_networks_from_scratch.helpers.softmax_cross_entropy_core",
    "lessons.neural_networks_from_scratch.helpers.softmax_cross_entropy_grad_core",
]

EXEMPT = {
    **dict.fromkeys(
        [
            "data.data_source",
            "data.imdb_dir",
            "data.keras_cache_dir",
            "data.load_cifar10",
            "data.load_imdb",
            "data.load_mnist",
            "data.mirror_dir",
            "data.prepared_dir",
            "environment.environment_report",
            "environment.in_colab",
            "environment.installed_versions",
            "environment.setup_problem",
            "tf_import.import_tensorflow",
            "tf_import.quiet_tensorflow_logging",
            "lessons.big_model_economics.helpers.usable_cores",
            "lessons.model_to_product.helpers.quiet",
            "plots.close_all",
        ],
        "takes no arguments",
    ),
    **dict.fromkeys(
        [
            "checking.check_function",
            "checking.compare",
            "checking.compare_with",
            "checking.describe_value",
            "checking.is_whole_number",
            "checking.run_learner",
            "checking.warnings_note",
        ],
        "the checking core accepts any learner value by design; tests/test_checking.py feeds it garbage",
    ),
    **dict.fromkeys(
        PLAIN_CORES,
        "a plain core that a notebook shows (issue #26): its public twin without `_core` validates, then calls it",
    ),
}


def _public_functions() -> list[str]:
    names = []
    for package in (utils, authoring):  # keys drop the package: `data.load_mnist`, `book.build`
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name.endswith((".exercises", ".solutions")):
                continue  # checkers: tests/lessons/test_all_exercises.py; solutions: reference answers
            module = importlib.import_module(info.name)
            for name, fn in inspect.getmembers(module, inspect.isfunction):
                if not name.startswith("_") and fn.__module__ == info.name:
                    names.append(f"{info.name.split('.', 1)[1]}.{name}")
    assert len(names) == len(set(names)), "a module name is used in both utils and authoring"
    return sorted(names)


PUBLIC = _public_functions()
# Plain cores (issue #26): the computation a notebook shows with show_source, without its guards. The public function
# of the same name without `_core` validates its inputs, calls the core, and has its bad inputs tested here.
CORES = [name for name in PUBLIC if name.endswith("_core") and name.removesuffix("_core") in PUBLIC]
EXEMPT.update(dict.fromkeys(CORES, "a plain core a notebook shows; its public function validates, then calls it"))


def test_every_core_is_called_by_its_validating_function():
    for name in CORES:
        module, function = name.rsplit(".", 1)
        public = getattr(importlib.import_module(f"utils.{module}"), function.removesuffix("_core"))
        assert f"{function}(" in inspect.getsource(public), f"{name.removesuffix('_core')} does not call {function}"


def test_every_public_function_is_covered():
    missing = [name for name in PUBLIC if name not in BAD_INPUTS and name not in EXEMPT]
    assert not missing, f"add a bad-input call to BAD_INPUTS for: {missing}"
    stale = [n for n in sorted(set(BAD_INPUTS) | set(EXEMPT)) if n not in PUBLIC]
    assert not stale, f"these names are no longer public functions: {stale}"


def test_plain_cores_have_a_validating_public_twin():
    """An exempt `*_core` is only the computation: its twin of the same name without `_core` is covered here."""
    for name in PLAIN_CORES:
        twin = name.removesuffix("_core")
        assert name.endswith("_core") and name in PUBLIC, f"{name}: not a public function named *_core"
        assert twin in BAD_INPUTS, f"{name}: its public twin {twin} has no bad inputs in BAD_INPUTS"
        module, core, public = name.rsplit(".", 1)[0], name.rsplit(".", 1)[1], twin.rsplit(".", 1)[1]
        source = inspect.getsource(getattr(importlib.import_module(f"utils.{module}"), public))
        assert f"{core}(" in source, f"{twin} does not call {core}: the core it shows is not the code it runs"


UTILS = Path(utils.__file__).resolve().parent
AUTHORING = Path(authoring.__file__).resolve().parent
# Bad inputs still answered by another library's error (no argument named); to be fixed where the module is
# rewritten, then removed from here.
RAISED_ELSEWHERE: dict[str, str] = {}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_raises_a_clear_error(name):
    """Each call raises ValueError/TypeError/FileNotFoundError from the course's code (not another library's)."""
    for i, call in enumerate(BAD_INPUTS[name]):
        with pytest.raises(ERRORS) as info:
            call()
        message = str(info.value)
        assert len(message) > 10, f"{name} call {i}: the message {message!r} says too little"
        raised_in = Path(info.traceback[-1].path).resolve()
        if name not in RAISED_ELSEWHERE:
            ours = raised_in.is_relative_to(UTILS) or raised_in.is_relative_to(AUTHORING)
            assert ours, f"{name} call {i}: raised by {raised_in.name}, not the course's code: {message}"
    plots.close_all()


# Valid inputs at the edges of each domain: none of these may be refused (issue #24: plot_team with zero overhead was).
VALID_EDGE_INPUTS: list[Callable[[], object]] = [
    lambda: strategy_figures.plot_team(60.0, 0.0),
    lambda: strategy.best_team_size(1.0),
    lambda: strategy.time_to_share(1.0, 0.03, 0.38),
    lambda: strategy.percentile([1.0], 0.0),
    lambda: strategy.percentile([1.0, 2.0], 100.0),
    lambda: strategy.flywheel_threshold(strategy.Flywheel(growth=0.08, churn=0.08)),
    lambda: strategy.monte_carlo_runway(strategy.RUNWAY_BASE, [], 3, RNG, horizon=12),
    lambda: strategy.fit_decline([2021.0, 2024.0], [60.0, 60.0]),
    lambda: strategy_figures.plot_cost_decline({"a": ([2021.0, 2024.0], [60.0, 0.06])}, {}),
    lambda: strategy_figures.plot_distribution([1.0], {}, "", ""),
    lambda: plots.confusion_matrix(np.array([[0], [1]], dtype=np.uint8), np.array([0, 1])),
    lambda: plots.confusion_matrix([0.0, 2.0], [2.0, 0.0]),
    lambda: plots.plot_history({"loss": [1.0, NAN]}),  # a diverged run is a real result
    lambda: plots.image_grid(np.zeros((1, 2, 2), dtype=np.uint8)),
    lambda: plots.plot_lines([1.0], {"a": [1.0]}, logx=True, logy=True),
    lambda: plots.new_figure(width=0.5, height=0.5),
    lambda: validation.as_float_array(np.float32(1.0)),
    lambda: validation.integer_labels([]),
    lambda: validation.real_number(np.float16(1.0), "x"),
    lambda: seeding.seed_everything(0),
    lambda: seeding.seed_everything(2**32 - 1),
    lambda: seeding.seed_everything(np.int64(7)),
    lambda: source.show_source(results.Recorder, results.Recorder.record),
    lambda: nn.make_xor_blobs(n=4),
    lambda: nn.softmax([[0.0]]),
    lambda: gd.make_line_data(n=2, noise=0.0),
    lambda: gan.inception_score([[1.0, 0.0], [0.0, 1.0]], splits=2),
    lambda: gan.optimal_discriminator([0.0], [0.0]),
    lambda: text.standardize_review("One review."),
    lambda: text.split_validation(np.array(["a", "b"]), np.array([0, 1]), 0.5),
    lambda: econ.break_even_volume(0.0, 0.1, 0.05),
    lambda: econ.self_host_monthly_cost(0.0, 0.0, 0.1),
    lambda: startup.simulate_runway(startup.DEFAULT.changed(team_size=0, gpus=0), horizon_months=600),
    lambda: scoreboard.format_value(None),
    lambda: scoreboard.claim_rows({}),
    lambda: course.colab_url("zh/06_cnn_lab.ipynb"),
    lambda: profile(" QUICK "),
    lambda: colab.missing_packages([]),
    lambda: widgets.make_control("mode", ["a", "b"]),
    lambda: distributed.check_port_free(distributed.free_ports(1)[0]),
]


@pytest.mark.parametrize("call", VALID_EDGE_INPUTS, ids=range(len(VALID_EDGE_INPUTS)))
def test_valid_edge_inputs_are_accepted(call):
    call()
    plots.close_all()
