"""One package per notebook, named after its stem without the number: helpers, figures, exercises, solutions."""
