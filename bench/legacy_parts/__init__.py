"""The parts of bench/import_legacy.py (run that script, not these modules)."""
