"""The lesson of notebook 00_welcome_and_setup: its helpers, figures, exercise checkers and solutions."""
