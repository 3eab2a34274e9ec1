"""Which Chinese notebooks nbval executes (pytest reads this file when it collects notebooks/zh/)."""

from pathlib import Path

# The Chinese notebooks' code cells are byte-identical to the English ones (tests/authoring/test_translations.py
# checks it), so executing every one would only double CI time: all that differs is the folder they run
# from. nbval runs zh 00, which proves the Setup cell finds the course from notebooks/zh/, and zh 05, the
# quickest notebook that trains Keras models and records its figures from there (~8 s); the others are
# only checked.
EXECUTED = ("00_welcome_and_setup", "05_neural_networks_from_scratch")

collect_ignore = [p.name for p in sorted(Path(__file__).parent.glob("*.ipynb")) if p.stem not in EXECUTED]
