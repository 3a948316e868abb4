from wagtail import hooks

from .two_factor_views import account_menu_item, admin_urls

hooks.register("register_admin_urls", admin_urls)
hooks.register("register_account_menu_item", account_menu_item)
