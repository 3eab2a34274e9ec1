"""Authoring tools (book builder, translation machinery, prose-figure checks): for scripts and tests, not notebooks."""
