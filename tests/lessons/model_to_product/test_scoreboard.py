import pytest
from matplotlib.figure import Figure

from utils.lessons.model_to_product import scoreboard
from utils.results import Recorder, load_results


def _payload(figures, profile="quick"):
    return {"notebook": "x", "profile": profile, "figures": figures}


def _entry(value, unit="accuracy", reference=None, label="", higher=True):
    return {
        "value": value,
        "unit": unit,
        "reference": reference,
        "reference_label": label,
        "source": "",
        "higher_is_better": higher,
        "note": "",
    }


def test_labs_not_run_are_listed_without_numbers():
    rows = scoreboard.scoreboard_rows({})
    assert [r["notebook"] for r in rows] == [stem for stem, _ in scoreboard.LABS]
    assert all(r["status"] == scoreboard.NOT_RUN and r["value"] is None for r in rows)
    table = scoreboard.scoreboard_markdown(rows)
    assert table.count("*not run yet*") == len(scoreboard.LABS)
    assert "%" not in table  # nothing invented


def test_recorded_figures_appear_with_their_reference(tmp_path):
    rec = Recorder("06_cnn_lab", folder=tmp_path, profile_name="full")
    rec.record("mnist_article_cnn_test_accuracy", 0.991, "accuracy", reference=0.9922, reference_label="keras-io")
    rec.record("epoch_seconds", 12.5, "s", higher_is_better=False)
    Recorder("03_big_model_economics", folder=tmp_path, profile_name="full").record("cpu_tflops", 0.2, "TFLOP/s")
    rows = scoreboard.scoreboard_rows(load_results(tmp_path))
    by_name = {r["figure"]: r for r in rows if r["figure"]}
    assert by_name["mnist_article_cnn_test_accuracy"]["reference"] == 0.9922
    assert by_name["epoch_seconds"]["higher_is_better"] is False
    assert rows[-1]["notebook"] == "03_big_model_economics"  # extra notebooks come after the labs
    table = scoreboard.scoreboard_markdown(rows)
    assert "99.10%" in table and "99.22% (keras-io)" in table and "12.5 s" in table
    assert table.count("*not run yet*") == len(scoreboard.LABS) - 1  # every lab but 06


def _trained(value, split, epochs, batch, examples, unit="accuracy", reference=None):
    entry = _entry(value, unit=unit, reference=reference)
    return {**entry, "split": split, "epochs": epochs, "batch": batch, "train_examples": examples}


def test_claims_are_tested_only_by_their_named_figure_measured_the_same_way():
    """The better model's reference 0.8325 must not capture article 001's claim; full profile, like for like."""
    results = {
        "06_cnn_lab": _payload(
            {
                "cifar_better_cnn_test_accuracy": _trained(0.8786, "test", 9, 512, 50000, reference=0.8325),
                "cifar_article_cnn_test_accuracy": _trained(69.7, "test", 20, 64, 50000, unit="%", reference=70.0),
                "mnist_article_cnn_final_train_accuracy": _trained(0.996, "training", 8, 128, 60000, reference=0.9927),
                "mnist_article_cnn_test_accuracy": _trained(0.991, "test", 8, 128, 60000),
            },
            profile="full",
        ),
    }
    rows = {r["article"]: r for r in scoreboard.claim_rows(results)}
    cifar = rows["001 §5.4"]
    assert cifar["figure"] == "cifar_article_cnn_test_accuracy" and cifar["comparable"]
    assert cifar["measured"] == pytest.approx(0.697)
    assert cifar["status"] == "does not hold: measured lower (-13.5 points)"
    mnist = rows["003 §5.4"]
    assert mnist["figure"] == "mnist_article_cnn_final_train_accuracy" and not mnist["comparable"]
    assert mnist["status"].startswith("not comparable (measured on training split, 8 epochs, batch 128")
    assert "holds" not in mnist["status"]
    assert rows["004 §5.4"]["status"] == scoreboard.UNVERIFIABLE and rows["004 §5.4"]["measured"] is None
    table = scoreboard.claims_markdown(list(rows.values()))
    assert "83.25%" in table and "69.70%" in table and "IMDB" not in table


def test_quick_profile_never_gives_a_verdict_on_a_full_training_claim():
    results = {
        "06_cnn_lab": _payload(
            {"cifar_article_cnn_test_accuracy": _trained(0.541, "test", 3, 64, 6000)}, profile="quick"
        )
    }
    cifar = {r["article"]: r for r in scoreboard.claim_rows(results)}["001 §5.4"]
    assert cifar["status"].startswith("not tested in the quick profile (measured on test split, 3 epochs, batch 64")
    assert "6,000 training images" in cifar["status"] and "gives no verdict" in cifar["status"]
    assert not cifar["comparable"]
    fig = scoreboard.plot_scoreboard(scoreboard.scoreboard_rows(results), [cifar])
    assert not any("001" in t.get_text() for t in fig.axes[0].get_yticklabels())  # no bar for it


def test_figure_without_training_metadata_is_not_comparable():
    results = {"06_cnn_lab": _payload({"cifar_article_cnn_test_accuracy": _entry(0.83)}, profile="full")}
    cifar = {r["article"]: r for r in scoreboard.claim_rows(results)}["001 §5.4"]
    assert cifar["status"].startswith("not comparable (measured on unknown split, ? epochs")


def test_claim_whose_figure_is_missing_says_so():
    results = {"06_cnn_lab": _payload({"bigram_test_accuracy": _entry(0.9)})}
    rows = {r["article"]: r for r in scoreboard.claim_rows(results)}
    assert rows["001 §5.4"]["status"] == "figure cifar_article_cnn_test_accuracy not recorded"
    assert rows["001 §5.4"]["measured"] is None
    assert rows["004 §5.4"]["status"] == scoreboard.UNVERIFIABLE  # whether or not its lab ran


def test_format_value():
    assert scoreboard.format_value(0.97321, "accuracy") == "97.32%"
    assert scoreboard.format_value(35938.2, "images/s") == "35,938 images/s"
    assert scoreboard.format_value(0.000707, "USD") == "0.000707 USD"
    assert scoreboard.format_value(None, "s") == "—"
    assert scoreboard.as_fraction(83.25, "%") == pytest.approx(0.8325)
    assert scoreboard.as_fraction(0.8325, "accuracy") == 0.8325


def test_plot_scoreboard_draws_measured_and_not_run_rows():
    results = {
        "10_model_to_product": _payload(
            {
                "int8_size_reduction": _entry(3.8, unit="x", reference=4.0),
                "latency_ms": _entry(2.0, unit="ms", reference=1.0, higher=False),
                "no_reference": _entry(1.0, unit="x"),
            }
        )
    }
    rows = scoreboard.scoreboard_rows(results)
    fig = scoreboard.plot_scoreboard(rows, scoreboard.claim_rows(results))
    assert isinstance(fig, Figure)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("int8_size_reduction" in label for label in labels)
    assert not any("no_reference" in label for label in labels)
    assert sum("CNN lab" in label or "article" in label for label in labels) >= 2


@pytest.mark.parametrize(
    "bad, match",
    [
        ([], "load_results"),
        ({"06_cnn_lab": {"value": 1}}, "no 'figures' dict"),
    ],
)
def test_bad_results_are_rejected(bad, match):
    with pytest.raises(ValueError, match=match):
        scoreboard.scoreboard_rows(bad)
    with pytest.raises(ValueError, match=match):
        scoreboard.claim_rows(bad)


def test_markdown_table_checks_columns():
    assert scoreboard.markdown_table([{"a": "x|y"}], {"a": "A"}).splitlines()[-1] == "| x\\|y |"
    with pytest.raises(ValueError, match="lacks the columns"):
        scoreboard.markdown_table([{"a": 1}], {"a": "A", "b": "B"})
    with pytest.raises(ValueError, match="columns is empty"):
        scoreboard.markdown_table([], {})


def test_plot_scoreboard_needs_something_to_draw():
    with pytest.raises(ValueError, match="nothing to draw"):
        scoreboard.plot_scoreboard([], [])


def test_claim_verdicts():
    assert scoreboard.claim_verdict(0.9925, 0.9927) == "holds (within 0.5 points)"
    assert scoreboard.claim_verdict(0.6925, 0.8325) == "does not hold: measured lower (-14.0 points)"
    assert scoreboard.claim_verdict(0.8786, 0.8325) == "does not hold: measured higher (+4.6 points)"


def test_long_bars_are_cut_and_labelled():
    results = {"07_gan_lab": _payload({"fid": _entry(12.0, unit="distance", reference=1.2, higher=False)})}
    fig = scoreboard.plot_scoreboard(scoreboard.scoreboard_rows(results))
    ax = fig.axes[0]
    assert ax.get_xlim()[1] <= scoreboard.CHART_CAP * 1.2 + 1e-9
    assert any(t.get_text() == "1000% (cut)" for t in ax.texts)


def test_the_full_profile_trains_every_lab_claim_as_the_article_did():
    # Notebook 06 records epochs, batch and training images from the profile; in `full` they must equal each
    # article claim's, or the claim could never get a verdict (10-079).
    from utils.profile import FULL

    cnn = FULL.cnn
    full_runs = {
        "cifar_article_cnn_test_accuracy": (cnn.cifar_article_epochs, cnn.cifar_article_batch, cnn.cifar_train),
        "mnist_article_cnn_final_train_accuracy": (cnn.mnist_epochs, cnn.mnist_batch, cnn.mnist_train),
    }
    sizes = {"cifar": 50000, "mnist": 60000}  # None in a profile means the whole training split
    checked = 0
    for claim in scoreboard.ARTICLE_CLAIMS:
        if claim.figure in full_runs:
            epochs, batch, examples = full_runs[claim.figure]
            examples = examples or sizes[claim.figure.split("_", 1)[0]]
            assert (epochs, batch, examples) == (claim.epochs, claim.batch, claim.train_examples), claim.figure
            checked += 1
    assert checked == 2
