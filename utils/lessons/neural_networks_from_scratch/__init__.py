"""The lesson of notebook 05_neural_networks_from_scratch: its helpers, figures, exercise checkers and solutions."""
