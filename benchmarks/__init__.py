"""Performance measurements (`make bench`): every speed figure is a ratio from one run."""
