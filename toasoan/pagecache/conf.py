"""The page cache's settings and their defaults, read from the environment
(README, "Settings"; docs/performance.md). `toasoan.settings` imports them."""

from toasoan.core.env import env, env_bool

# Seconds a page is kept (0 turns the cache off); it is purged on change.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_ALIAS = "pages"
# With Redis: each app-server process keeps the pages it served last this
# long, dropped the moment a purge is announced (toasoan.pagecache.local).
PAGE_CACHE_LOCAL_SECONDS = int(env("PAGE_CACHE_LOCAL_SECONDS", "5"))
# Hits answered by a WSGI wrapper before Django builds a request
# (toasoan.pagecache.wsgi, toasoan/wsgi.py); off: the middleware answers them
# (and nothing is kept per process: the copies above live in the wrapper).
# On by default with Redis only: there the wrapper and its copies earn 7x
# (docs/performance.md, "What each tier earns"); without Redis (`make run`)
# it earned 1.1-1.2x, so it is left out.
PAGE_CACHE_WSGI = env_bool("PAGE_CACHE_WSGI", bool(env("REDIS_URL")))
# An article's own blocks and its address, kept in each process until what
# they show changes (toasoan.pagecache.fragments); 0 makes every one afresh.
PAGE_FRAGMENT_SECONDS = int(env("PAGE_FRAGMENT_SECONDS", "600"))
PAGE_CACHE_PURGE_QUEUE = "purge"
PAGE_CACHE_QUERY_PARAMS = ["trang", "nam"]  # page numbers and years only
PAGE_CACHE_SKIP_COOKIES = ["messages"]
PAGE_CACHE_SKIP_PREFIXES = [
    "/admin/",
    "/django-admin/",
    "/api/",
    "/tim-kiem/",
    "/media/",
    "/static/",
    "/documents/",
]
