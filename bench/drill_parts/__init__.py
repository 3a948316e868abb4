"""Parts of bench/worker_drills.py: a PostgreSQL cluster of its own, worker
processes, what the drills read from the database, and the drills."""
