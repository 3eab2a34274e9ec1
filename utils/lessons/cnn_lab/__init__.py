"""The lesson of notebook 06_cnn_lab: its helpers, figures, exercise checkers and solutions."""
