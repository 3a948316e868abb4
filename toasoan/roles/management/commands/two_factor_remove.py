"""Turn two-factor sign-in off for a user who lost their phone and codes."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from toasoan.roles.two_factor import remove_two_factor


class Command(BaseCommand):
    help = (
        "Remove a user's two-factor devices (authenticator app and backup "
        "codes), so that they sign in with their password only and can set "
        "it up again."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        count = remove_two_factor(user)
        self.stdout.write(f"Removed {count} two-factor device(s) of {username}.")
