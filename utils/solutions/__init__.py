"""Reference solutions to the exercises, one module per topic (peek only after trying)."""
