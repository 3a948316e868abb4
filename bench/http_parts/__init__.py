"""The parts of bench/http_load.py (run that script, not these modules)."""
