"""Reading statistics' settings and their defaults, read from the environment
(README, "Settings"): the view counters and the most-read lists.
`toasoan.settings` imports them."""

from toasoan.core.env import env

REACH_MOST_READ_COUNT = int(env("REACH_MOST_READ_COUNT", "5"))
REACH_MOST_READ_CACHE_SECONDS = int(env("REACH_MOST_READ_CACHE_SECONDS", "300"))
REACH_VIEWS_CACHE = "views"
REACH_VIEWS_BUCKET_HOURS = 48  # hourly counters live this long in the cache
REACH_VIEWS_FLUSH_SECONDS = int(env("REACH_VIEWS_FLUSH_SECONDS", "60"))
