"""Which Chinese notebooks nbval executes (pytest reads this file when it collects notebooks/zh/)."""

from pathlib import Path

# The Chinese notebooks' code cells are byte-identical to the English ones (tests/test_translations.py
# checks it), so executing every one would only double CI time. nbval runs zh 00, which proves the Setup
# cell finds the course from notebooks/zh/, and one lab, the shortest one; the others are only checked.
EXECUTED = ("00_welcome_and_setup", "08_text_classification_lab")

collect_ignore = [p.name for p in sorted(Path(__file__).parent.glob("*.ipynb")) if p.stem not in EXECUTED]
