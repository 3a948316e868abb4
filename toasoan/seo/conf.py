"""The SEO engine's settings and their defaults, read from the environment
(README, "Settings"): the publisher's logo and the share links.
`toasoan.settings` imports them."""

from toasoan.core.env import env

REACH_PUBLISHER_LOGO = "seo/img/logo.png"  # a static file, 600x60
REACH_PUBLISHER_LOGO_SIZE = (600, 60)
REACH_ZALO_SHARE_URL = env(
    "REACH_ZALO_SHARE_URL", "https://sp.zalo.me/share_inline?url={url}"
)
