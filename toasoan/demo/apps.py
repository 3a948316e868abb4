from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py load_demo_content`: articles, videos and print issues for a
    newcomer's site.

    An outer app: it imports the content apps (`news`, `videos`,
    `print_edition`); none of them imports it.
    """

    name = "toasoan.demo"
    label = "demo"
