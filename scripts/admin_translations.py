"""List the Wagtail admin messages our Vietnamese catalogue does not translate yet.

Tòa Soạn ships its own Vietnamese translation of the Wagtail admin in
``toasoan/locale_admin`` because Wagtail's ``vi`` catalogue is incomplete (see
``toasoan/locale_admin/README.md``). This script reads the message ids that
Wagtail, django-taggit and django-filter declare in their ``locale`` folders,
drops those our catalogues already translate, and prints the rest as PO
entries with an empty ``msgstr``, ready to be translated and appended to
``toasoan/locale_admin/vi/LC_MESSAGES/<domain>.po``.

Usage::

    .venv/bin/python scripts/admin_translations.py             # server side
    .venv/bin/python scripts/admin_translations.py djangojs    # JavaScript
    .venv/bin/python scripts/admin_translations.py --summary   # counts per app

It only reads files; it contains no translations.
"""

from __future__ import annotations

import argparse
import ast
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import wagtail

LANGUAGE = "vi"
ROOT = Path(__file__).resolve().parent.parent
SITE_PACKAGES = Path(wagtail.__file__).resolve().parent.parent
# A message translated in any of these catalogues counts as covered.
PROJECT_LOCALES = [ROOT / "toasoan" / "locale_admin", ROOT / "toasoan" / "locale"]
# Packages besides Wagtail whose strings show up in the Wagtail admin.
EXTRA_PACKAGES = ["taggit", "django_filters"]


@dataclass
class Message:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str | None, str]:
        # A msgctxt makes a different message, even with the same msgid.
        return (self.msgctxt, self.msgid)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr) and "fuzzy" not in self.flags


def parse_po(path: Path) -> list[Message]:
    """Read a .po file; the header and obsolete (#~) entries are left out."""
    messages: list[Message] = []
    entry, last, seen_msgstr = Message(), "", False
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#~"):
            continue
        starts_entry = line.startswith(("#", "msgctxt ", "msgid "))
        if seen_msgstr and (not line or starts_entry):
            messages.append(entry)
            entry, last, seen_msgstr = Message(), "", False
        if not line or (line.startswith("#") and line[:2] not in ("#,", "#:")):
            continue
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#:"):
            entry.references.extend(line[2:].split())
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if last == "msgstr":
                entry.msgstr[-1] += value
            else:
                setattr(entry, last, getattr(entry, last) + value)
        else:
            keyword, _, value = line.partition(" ")
            if keyword.startswith("msgstr"):
                entry.msgstr.append(ast.literal_eval(value))
                last, seen_msgstr = "msgstr", True
            else:
                setattr(entry, keyword, ast.literal_eval(value))
                last = keyword
    if seen_msgstr:
        messages.append(entry)
    return [message for message in messages if message.msgid]


def source_catalogues(domain: str) -> Iterator[tuple[str, Path]]:
    """Yield (app, .po file) pairs holding the message ids to translate."""
    for path in sorted(
        SITE_PACKAGES.glob(f"wagtail/**/locale/en/LC_MESSAGES/{domain}.po")
    ):
        yield str(path.parents[3].relative_to(SITE_PACKAGES)), path
    for package in EXTRA_PACKAGES:
        # django-filter has no "en" folder; any language lists the same ids.
        locale_dir = SITE_PACKAGES / package / "locale"
        found = list(locale_dir.glob(f"*/LC_MESSAGES/{domain}.po"))
        if found:
            yield package, min(found, key=lambda path: (path.parts[-3] != "en", path))


def covered_keys(domain: str) -> set[tuple[str | None, str]]:
    keys = set()
    for locale_dir in PROJECT_LOCALES:
        path = locale_dir / LANGUAGE / "LC_MESSAGES" / f"{domain}.po"
        if path.exists():
            keys.update(m.key for m in parse_po(path) if m.translated)
    return keys


def missing_messages(domain: str) -> Iterator[tuple[str, Message, Message | None]]:
    """Yield (app, message, Wagtail's own vi entry or None) for each gap."""
    seen = covered_keys(domain)
    for app, path in source_catalogues(domain):
        upstream_path = path.parents[2] / LANGUAGE / "LC_MESSAGES" / path.name
        upstream = {}
        if app.startswith("wagtail") and upstream_path.exists():
            upstream = {m.key: m for m in parse_po(upstream_path) if m.translated}
        for message in parse_po(path):
            if message.key not in seen:
                seen.add(message.key)
                yield app, message, upstream.get(message.key)


def quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'


def format_entry(app: str, message: Message, upstream: Message | None) -> str:
    reference = message.references[0] if message.references else ""
    lines = [f"#. {app}: {reference}"]
    if upstream:
        lines.append(
            f"#. Wagtail's {LANGUAGE} (check before reusing): {upstream.msgstr[0]}"
        )
    flags = sorted(message.flags - {"fuzzy"})
    if flags:
        lines.append("#, " + ", ".join(flags))
    if message.msgctxt is not None:
        lines.append(f"msgctxt {quote(message.msgctxt)}")
    lines.append(f"msgid {quote(message.msgid)}")
    if message.msgid_plural is not None:
        # Vietnamese has a single plural form (nplurals=1).
        lines += [f"msgid_plural {quote(message.msgid_plural)}", 'msgstr[0] ""']
    else:
        lines.append('msgstr ""')
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "domain", nargs="?", default="django", choices=["django", "djangojs"]
    )
    parser.add_argument("--summary", action="store_true", help="only count per app")
    args = parser.parse_args()

    missing = list(missing_messages(args.domain))
    if args.summary:
        for app, count in Counter(app for app, _, _ in missing).most_common():
            print(f"{count:5d}  {app}")
        print(f"{len(missing):5d}  missing from our {args.domain}.po")
        return
    print("\n".join(format_entry(*item) for item in missing), end="")


if __name__ == "__main__":
    main()
