"""The lesson of notebook 08_text_classification_lab: its helpers, figures, exercise checkers and solutions."""
