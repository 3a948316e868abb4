from django.apps import AppConfig


class LegacyConfig(AppConfig):
    """`manage.py import_legacy`: the pages of the old site as articles.

    An outer app: it imports `news` (and `search`); no content app imports it.
    The fields it fills (`ArticlePage.legacy_key`, `legacy_source`,
    `legacy_digest`) belong to `news`.
    """

    name = "toasoan.legacy"
    label = "legacy"
