"""Parts of bench/print_archive.py: the generated archive, its run with a
worker killed halfway, and the checks of what was stored."""
