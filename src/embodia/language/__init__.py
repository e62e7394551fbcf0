"""What was said: the instruction grammar, noun phrases, and clause staging into goals."""
