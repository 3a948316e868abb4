"""The parts of bench/print_throughput.py (run that script, not these)."""
