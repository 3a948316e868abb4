"""Facts about the request that several apps need."""

import ipaddress

from django.conf import settings


def _ip_or_none(value):
    try:
        return str(ipaddress.ip_address(value.strip()))
    except (AttributeError, ValueError):
        return None


def client_ip(request):
    """The reader's address; behind nginx, the one it forwarded.

    Only a valid IP address is returned (else None): the value is stored in
    an IP column, which PostgreSQL refuses to fill with anything else, and a
    forwarded header can hold anything (found by fuzzing). Comments and the
    admin sign-in lockout (`AXES_CLIENT_IP_CALLABLE`) use it.
    """
    if settings.COMMENTS_TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded and (ip := _ip_or_none(forwarded.split(",")[-1])):
            return ip
    return _ip_or_none(request.META.get("REMOTE_ADDR"))
