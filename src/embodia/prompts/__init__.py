"""Prompt files for model brains (read with importlib.resources)."""
