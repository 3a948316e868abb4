"""Keeping the site up when Redis or the database is not.

Not an app (no models): a cache backend that treats a dead Redis as an empty
cache, and a middleware that answers a Vietnamese 503 when the database fails.
"""
