"""The feeds' and sitemaps' settings and their defaults, read from the
environment (README, "Settings"). `toasoan.settings` imports them."""

from toasoan.core.env import env, site_name

REACH_FEED_ITEMS = int(env("REACH_FEED_ITEMS", "30"))
REACH_NEWS_PUBLICATION_NAME = env("REACH_NEWS_PUBLICATION_NAME", site_name())
REACH_ROBOTS_DISALLOW = ["/admin/", "/django-admin/", "/tim-kiem/", "/api/"]
