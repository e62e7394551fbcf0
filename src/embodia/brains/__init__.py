"""Who decides: the Brain protocol, the built-in brain, model brains, and make_brain."""
