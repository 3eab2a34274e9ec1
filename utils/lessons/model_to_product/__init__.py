"""The lesson of notebook 10_model_to_product: its helpers, figures, exercise checkers and solutions."""
