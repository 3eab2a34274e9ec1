"""Authoring tools (the book builder, the translation machinery): used by scripts and tests, never by notebooks."""
