"""What happened: step records, episode memory, trace and summary files, video."""
