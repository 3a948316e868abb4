"""Reader comments' settings and their defaults, read from the environment
(README, "Settings"); `toasoan.settings` imports them."""

from toasoan.core.env import env, env_list

# Limits against spam and floods.
COMMENTS_MIN_FILL_SECONDS = float(env("COMMENTS_MIN_FILL_SECONDS", "3"))
COMMENTS_FLOOD_SECONDS = int(env("COMMENTS_FLOOD_SECONDS", "15"))
COMMENTS_MAX_LINKS = int(env("COMMENTS_MAX_LINKS", "2"))
COMMENTS_NOTIFY_EMAILS = env_list("COMMENTS_NOTIFY_EMAILS")
# The security code's alternative (comments/pow.py): the reader's browser
# finds a counter below MAX_NUMBER, trying PBKDF2 of COST rounds for each one;
# bench/captcha_cost.py measures what that costs a script and a browser.
COMMENTS_POW_COST = int(env("COMMENTS_POW_COST", "5000"))
COMMENTS_POW_MAX_NUMBER = int(env("COMMENTS_POW_MAX_NUMBER", "3200"))
