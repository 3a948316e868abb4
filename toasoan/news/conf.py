"""The news app's settings and their defaults, read from the environment
(README, "Settings"); `toasoan.settings` imports them."""

from toasoan.core.env import env

NEWS_PAGE_SIZE = int(env("NEWS_PAGE_SIZE", "12"))
NEWS_RELATED_COUNT = int(env("NEWS_RELATED_COUNT", "6"))
