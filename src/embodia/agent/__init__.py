"""What runs: the episode loop, the safety layer between brains and skills, and verification."""
