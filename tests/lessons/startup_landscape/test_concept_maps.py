import pytest
from matplotlib.figure import Figure

from utils.lessons.startup_landscape import article_maps, concept_maps


def test_layout_is_deterministic_and_circle_for_a_loop():
    first = concept_maps.compute_layout(article_maps.PLATFORM_LOOP)
    again = concept_maps.compute_layout(list(article_maps.PLATFORM_LOOP))
    assert first == again
    xs, ys = zip(*first.values())
    assert first["Market demand"] == pytest.approx((0.0, 1.0))  # the loop starts at the top
    assert all(abs((x / 1.7) ** 2 + y**2 - 1) < 1e-9 for x, y in zip(xs, ys))


def test_layered_layout_puts_children_right_of_parents():
    pos = concept_maps.compute_layout(article_maps.TALENT_FLOW)
    for source, target in article_maps.TALENT_FLOW:
        assert pos[target][0] > pos[source][0]
    down = concept_maps.compute_layout(article_maps.SOCIAL_GRAPH, "layered-down")
    for source, target in article_maps.SOCIAL_GRAPH:
        assert down[target][1] < down[source][1]
    assert len({tuple(p) for p in down.values()}) == len(down)  # no two boxes on one spot


def test_layers_follow_breadth_first_distance():
    layer = concept_maps.layer_of(concept_maps.validate_edges(article_maps.TALENT_FLOW))
    assert layer["Big-model startup"] == 0 and layer["Hiring"] == 1
    assert layer["Strong technical team"] == 4 and layer["Commercial success"] == 7


def test_cycle_inside_a_larger_graph_is_drawn_layered():
    edges = [("A", "B"), ("B", "C"), ("C", "A"), ("C", "D")]
    assert not concept_maps.is_single_cycle(concept_maps.validate_edges(edges))
    assert isinstance(concept_maps.draw_concept_map(edges, "with a back edge"), Figure)


def test_edge_labels_and_highlight_are_drawn():
    fig = concept_maps.draw_concept_map([("A", "B", "causes"), ("B", "C")], highlight=["B"])
    assert "causes" in {t.get_text() for t in fig.axes[0].texts}


def test_edge_objects_are_accepted():
    edges = concept_maps.validate_edges([("A", "B")])
    assert concept_maps.validate_edges(edges) == edges


@pytest.mark.parametrize(
    "bad, message",
    [
        ([], "edges is empty"),
        ((), "edges is empty"),
        ("A->B", "must be a list"),
        ({"A": "B"}, "must be a list"),
        (None, "must be a list"),
        ([("A", "A")], "self-loop"),
        ([("A",)], r"must be a \(source, target\)"),
        ([("A", "B", "c", "d")], r"must be a \(source, target\)"),
        (["AB"], r"must be a \(source, target\)"),
        ([("A", 1)], "only strings"),
        ([("A", " ")], "empty node name"),
        ([("A", "B"), ("A", "B")], "repeats"),
    ],
)
def test_bad_edges_raise_clear_errors(bad, message):
    with pytest.raises(ValueError, match=message):
        concept_maps.draw_concept_map(bad, "bad")


def test_bad_layout_and_highlight_raise():
    with pytest.raises(ValueError, match="layout must be one of"):
        concept_maps.draw_concept_map([("A", "B")], layout="spiral")
    with pytest.raises(ValueError, match="not nodes of the map"):
        concept_maps.draw_concept_map([("A", "B")], highlight=["C"])


def test_is_connected_detects_two_pieces():
    assert concept_maps.is_connected([("A", "B"), ("B", "C")])
    assert not concept_maps.is_connected([("A", "B"), ("C", "D")])
