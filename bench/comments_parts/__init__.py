"""The parts of bench/comments_concurrency.py (run that script, not these)."""
