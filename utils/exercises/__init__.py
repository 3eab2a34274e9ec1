"""Exercise checkers, one module per topic, built on `utils.exercises.core`."""
from utils.exercises.core import Case, Feedback, check_function, compare

__all__ = ["Case", "Feedback", "check_function", "compare"]
