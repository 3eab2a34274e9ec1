"""The lesson of notebook 04_gradient_descent: its helpers, figures, exercise checkers and solutions."""
