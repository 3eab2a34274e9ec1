"""What each figure notebook 01 records is and what it compares to (read by `utils.results.Recorder`)."""

from __future__ import annotations

from utils.results import FigureInfo

FIGURES: dict[str, FigureInfo] = {
    "market_cagr_2021_2028": FigureInfo(
        unit="fraction per year",
        reference=0.288,
        reference_label="article 001's stated CAGR",
        source="recomputed from US$36.9B (2021) and US$190.8B (2028) quoted in article 001",
        note="the article's own endpoints imply 26.45%, not 28.8%",
    ),
}
