"""Notebook 02: strategy in numbers."""
