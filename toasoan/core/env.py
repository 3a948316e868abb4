"""Reading settings from the environment (no Django here).

Used by `toasoan.settings` and by each app's `conf` module, which holds that
app's defaults: the settings modules import every app's `conf`, so the values
stay ordinary Django settings (read as `settings.NAME`, `override_settings`
works) while each default lives beside the code that uses it.
"""

import os

DEFAULT_SITE_NAME = "Tạp chí Tòa Soạn"


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def site_name():
    """The magazine's name (`SITE_NAME`), a default of several settings."""
    return env("SITE_NAME", DEFAULT_SITE_NAME)
