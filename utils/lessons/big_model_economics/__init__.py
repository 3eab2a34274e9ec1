"""The lesson of notebook 03_big_model_economics: its helpers, figures, exercise checkers and solutions."""
