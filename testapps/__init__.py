"""Apps only the test suite installs (toasoan/settings/test.py)."""
