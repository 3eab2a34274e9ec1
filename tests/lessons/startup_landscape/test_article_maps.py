"""Tests of the articles' concept maps (the edge lists notebook 01 draws)."""

import pytest
from matplotlib.figure import Figure

from utils.lessons.startup_landscape import article_maps, concept_maps


@pytest.mark.parametrize("name", list(article_maps.ARTICLE_MAPS))
def test_each_article_map_renders(name, tmp_path):
    title, edges, layout = article_maps.ARTICLE_MAPS[name]
    fig = concept_maps.draw_concept_map(edges, title, layout=layout)
    assert isinstance(fig, Figure)
    width, height = fig.get_size_inches()
    assert width == pytest.approx(9.0) and 2.4 <= height <= 7.0
    fig.savefig(tmp_path / "map.png", dpi=60)  # the full draw path, arrows clipped to boxes
    assert (tmp_path / "map.png").stat().st_size > 1000
    texts = {t.get_text().replace("\n", " ") for t in fig.axes[0].texts}
    for node in concept_maps.nodes_of(concept_maps.validate_edges(edges)):
        assert node in texts


def test_article_maps_are_connected_and_only_platform_is_a_loop():
    loops = {}
    for name, (_, edges, _) in article_maps.ARTICLE_MAPS.items():
        assert concept_maps.is_connected(edges), name
        loops[name] = concept_maps.is_single_cycle(concept_maps.validate_edges(edges))
    assert loops == {
        "platform (000)": True,
        "talent (002)": False,
        "social (003)": False,
        "bubble or gold mine (001)": False,
    }
