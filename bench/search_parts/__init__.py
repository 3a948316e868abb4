"""The parts of bench/search_speed.py (run that script, not these modules)."""
