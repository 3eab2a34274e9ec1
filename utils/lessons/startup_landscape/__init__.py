"""The lesson of notebook 01_startup_landscape: its helpers, figures, exercise checkers and solutions."""
