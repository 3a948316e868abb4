"""Parts of redis_drill.py: a Redis of its own, the load and the report."""
