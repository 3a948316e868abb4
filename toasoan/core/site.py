"""Wagtail's default Site follows BASE_URL.

Wagtail writes absolute links from the Site's host name and port: the API's
`detail_url` and `html_url`, the pages' sitemap, and (toasoan.readapi) the
API's other links. Port 443 gives `https://`, 80 `http://`, any other port
`http://host:port`. BASE_URL is where an operator names the public address;
`manage.py set_site_from_base_url` copies it into the default Site (run after
`migrate`: Makefile, scripts/run-dev.sh, docs/deployment.md), and the reach
migration 0002 replaces the placeholder `localhost:80` with it once.
"""

from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


class BaseURLError(ValueError):
    """BASE_URL is not an address a Wagtail Site can hold."""


def site_address(base_url: str) -> tuple[str, int]:
    """(host name, port) of the Site for `base_url`, e.g.
    "https://tapchi.example.vn" -> ("tapchi.example.vn", 443)."""
    parts = urlsplit(base_url.strip())
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        raise BaseURLError(f"BASE_URL {base_url!r} is not an http(s):// address")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise BaseURLError(
            f"BASE_URL {base_url!r} has a path: the site is served from the "
            "root of its host, so BASE_URL is scheme://host[:port] only"
        )
    if ":" in parts.hostname:
        raise BaseURLError(
            f"BASE_URL {base_url!r}: Wagtail's Site cannot write links to an "
            "IPv6 address; use a host name"
        )
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError as error:
        raise BaseURLError(f"BASE_URL {base_url!r}: {error}") from None
    if (scheme == "https") != (port == 443):
        raise BaseURLError(
            f"BASE_URL {base_url!r}: Wagtail writes https:// links for port "
            "443 only, and http:// for any other port; serve https on 443"
        )
    return parts.hostname, port


def set_default_site(site_model, base_url: str) -> bool:
    """Point the default Site at `base_url`; True when something changed.

    `site_model` is wagtailcore.Site (or its historical model in a migration).
    """
    hostname, port = site_address(base_url)
    site = site_model.objects.filter(is_default_site=True).first()
    if site is None:
        raise BaseURLError("there is no default Site: run `manage.py migrate` first")
    other = site_model.objects.filter(hostname=hostname, port=port)
    if other.exclude(pk=site.pk).exists():
        raise BaseURLError(
            f"another Site already answers for {hostname}:{port}; "
            "change or delete it in the admin (Settings > Sites) first"
        )
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save()
    return True
