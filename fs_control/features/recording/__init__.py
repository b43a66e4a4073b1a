"""Call recording: recorder.py starts, files, finishes and purges recordings."""
