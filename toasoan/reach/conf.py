"""Reach's settings and their defaults, read from the environment (README,
"Settings"): feeds, sitemaps, sharing, most read. `toasoan.settings` imports
them."""

from toasoan.core.env import env, site_name

REACH_FEED_ITEMS = int(env("REACH_FEED_ITEMS", "30"))
REACH_NEWS_PUBLICATION_NAME = env("REACH_NEWS_PUBLICATION_NAME", site_name())
REACH_PUBLISHER_LOGO = "reach/img/logo.png"  # a static file, 600x60
REACH_PUBLISHER_LOGO_SIZE = (600, 60)
REACH_ROBOTS_DISALLOW = ["/admin/", "/django-admin/", "/tim-kiem/", "/api/"]
REACH_ZALO_SHARE_URL = env(
    "REACH_ZALO_SHARE_URL", "https://sp.zalo.me/share_inline?url={url}"
)
REACH_MOST_READ_COUNT = int(env("REACH_MOST_READ_COUNT", "5"))
REACH_MOST_READ_CACHE_SECONDS = int(env("REACH_MOST_READ_CACHE_SECONDS", "300"))
REACH_VIEWS_CACHE = "views"
REACH_VIEWS_BUCKET_HOURS = 48  # hourly counters live this long in the cache
REACH_VIEWS_FLUSH_SECONDS = int(env("REACH_VIEWS_FLUSH_SECONDS", "60"))
