"""The nginx configuration in docs/deployment.md gives every answer the app's
security headers: static files, media and nginx's own errors too.

nginx's add_header lines in a location replace the server's, so a location
with one header of its own (`X-Cache`, an old `nosniff`) silently lost HSTS
and the rest. This reads the documented configuration (snippets included,
`map` variables resolved) and checks each public server and each location.
"""

import importlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

DOC = Path(settings.BASE_DIR) / "docs" / "deployment.md"
SECURITY_HEADERS = (
    "strict-transport-security",
    "x-content-type-options",
    "referrer-policy",
    "cross-origin-opener-policy",
    "x-frame-options",
    "content-security-policy",
)
TOKEN = re.compile(
    r"""#[^\n]*|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([{};])|([^\s{};]+)"""
)


@dataclass
class Directive:
    name: str
    args: list[str]
    block: list["Directive"] | None = None
    headers: dict[str, tuple[str, bool]] = field(default_factory=dict)


def parse(text):
    """nginx configuration text -> a list of Directive, blocks nested."""
    stack, words = [[]], []
    for match in TOKEN.finditer(text):
        double, single, punct, word = match.groups()
        if match.group().startswith("#") and word is None:
            continue
        if punct is None:
            words.append(word if word is not None else double or single or "")
        elif punct == ";":
            stack[-1].append(Directive(words[0], words[1:]))
            words = []
        elif punct == "{":
            directive = Directive(words[0], words[1:], [])
            stack[-1].append(directive)
            stack.append(directive.block)
            words = []
        else:
            stack.pop()
    assert len(stack) == 1 and not words, "unbalanced nginx block"
    return stack[0]


def documented_config():
    """(site blocks, snippets by path) from the guide's ```nginx blocks; a
    snippet's block follows a line naming its file: `/etc/nginx/x.conf`:"""
    text = DOC.read_text()
    sites, snippets = [], {}
    for block in re.finditer(r"```nginx\n(.*?)```", text, re.S):
        named = re.search(r"`(/etc/nginx/[^`]+)`:\s*$", text[: block.start()])
        if named:
            snippets[named.group(1)] = parse(block.group(1))
        else:
            sites.append(parse(block.group(1)))
    return sites, snippets


def expand(directives, snippets):
    """The directives with each documented `include` replaced by its file."""
    out = []
    for d in directives:
        if d.name == "include" and d.args[0] in snippets:
            out += expand(snippets[d.args[0]], snippets)
        elif d.block is not None:
            out.append(Directive(d.name, d.args, expand(d.block, snippets)))
        else:
            out.append(d)
    return out


def maps_of(directives):
    """`map $upstream_http_x $var {"" value; ...}`: $var -> the value nginx
    adds when the app did not send the header."""
    found = {}
    for d in directives:
        if d.name == "map":
            values = {entry.name: " ".join(entry.args) for entry in d.block}
            found[d.args[1]] = values.get("")
    return found


def own_headers(context, maps):
    headers = {}
    for d in context.block:
        if d.name == "add_header":
            value = maps.get(d.args[1], d.args[1])
            headers[d.args[0].lower()] = (value, d.args[-1] == "always")
    return headers


def contexts(server, maps):
    """(label, effective headers) of the server and every location in it."""
    server.headers = own_headers(server, maps)
    found, todo = [(f"server {server.args}", server.headers)], [server]
    while todo:
        parent = todo.pop()
        for d in parent.block:
            if d.name == "location":
                d.headers = own_headers(d, maps) or parent.headers
                found.append((f"location {' '.join(d.args)}", d.headers))
                todo.append(d)
    return found


def is_public(server):
    listens = [d.args[0] for d in server.block if d.name == "listen"]
    return not all(address.startswith("127.0.0.1:") for address in listens)


def production_hsts(monkeypatch):
    for name in ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x")
    monkeypatch.setenv("ALLOWED_HOSTS", "tapchi.example.vn")
    name = "toasoan.settings.production"
    if name in sys.modules:
        production = importlib.reload(sys.modules[name])
    else:
        production = importlib.import_module(name)
    value = f"max-age={production.SECURE_HSTS_SECONDS}"
    if production.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if production.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


@pytest.fixture
def app_headers(client, home, monkeypatch):
    """The security headers the app sends on a reader page."""
    response = client.get("/")
    assert response.status_code == 200
    sent = {name: response.get(name) for name in SECURITY_HEADERS[1:]}
    sent["strict-transport-security"] = production_hsts(monkeypatch)
    return sent


def checked_contexts():
    sites, snippets = documented_config()
    sites = [expand(site, snippets) for site in sites]
    maps = {k: v for site in sites for k, v in maps_of(site).items()}
    servers = [d for site in sites for d in site if d.name == "server"]
    main = next(s for s in servers if any("443" in d.args for d in s.block))
    found = []
    for server in servers:
        if is_public(server):
            found += contexts(server, maps)
    main_headers = contexts(main, maps)[0][1]
    for site in sites:  # a fragment "in the server block above"
        fragment = Directive("server", ["(fragment)"], site)
        for label, headers in contexts(fragment, maps)[1:]:
            found.append((label + " (fragment)", headers or main_headers))
    return found


def same(name, value, sent):
    """Equal values; a policy's directives in any order (django-csp's vary)."""
    if name != "content-security-policy":
        return value == sent
    return policy(value) == policy(sent)


def policy(value):
    directives = (part.split() for part in value.split(";") if part.strip())
    return {words[0]: sorted(words[1:]) for words in directives}


def test_every_location_carries_the_apps_security_headers(app_headers):
    found = checked_contexts()
    labels = [label for label, _ in found]
    for wanted in ("location /static/", "location /media/", "location /"):
        assert wanted in labels, labels
    for label, headers in found:
        for name in SECURITY_HEADERS:
            assert name in headers, f"{label}: no {name}"
            value, always = headers[name]
            assert same(name, value, app_headers[name]), (label, name, value)
            assert always, f"{label}: {name} without `always` (errors lack it)"


def test_a_location_with_a_header_of_its_own_is_caught():
    """The check itself: the guide as it was (an add_header in /media/)."""
    sites = parse("""
        server { listen 443 ssl; include /h.conf;
                 location /static/ { expires 30d; }
                 location /media/ { add_header X-Content-Type-Options nosniff; } }
    """)
    snippets = {"/h.conf": parse("add_header X-Frame-Options DENY always;")}
    found = contexts(expand(sites, snippets)[0], {})
    assert [label for label, h in found if "x-frame-options" not in h] == [
        "location /media/"
    ]
