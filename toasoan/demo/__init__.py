"""Demo content for a newcomer's site (see apps.py)."""
