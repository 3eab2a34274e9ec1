"""Tools for the course's authors (not imported by the notebooks): checks that keep the text true."""
