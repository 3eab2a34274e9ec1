"""The lesson of notebook 07_gan_lab: its helpers, figures, exercise checkers and solutions."""
