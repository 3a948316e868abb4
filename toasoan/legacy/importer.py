"""Load parsed legacy pages into Wagtail: sections, authors, articles.

The parser (`parser.py`) knows the page shape; this module only knows the
models. An article is keyed by the page itself (`keys.py`: section, title and
publication time), so the same page imported again, from the same file or
from one of another name, updates that one article instead of adding a second,
and a page whose content has not changed is skipped without writing anything.
A file that held an imported page and now holds it with one of section, title
or time changed (a corrected title, a moved article) updates its article too.
"""

import hashlib
import json
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.rich_text import RichText

from toasoan.news.models import (
    RESERVED_SLUGS,
    ArticleAuthor,
    ArticlePage,
    Author,
    HomePage,
    SectionPage,
)
from toasoan.search.indexing import deferred_indexing, index_now
from toasoan.vietnamese import fold, slugify

from .keys import differing_parts, page_key, section_key
from .parser import LegacyArticle, LegacyParseError, parse_legacy_file

MAX_FILE_BYTES = 2 * 1024 * 1024

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


class LegacyStoreError(Exception):
    """A parsed page the database or page validation refused; nothing of it
    was stored. The command reports the file and goes on with the next."""


def _describe(error) -> str:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error).strip().splitlines()[0] if str(error).strip() else repr(error)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self):
        return self.created + self.updated + self.unchanged + len(self.failed)


def iter_files(paths):
    """Files named on the command line, and the files inside named folders."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file())
        else:
            yield path


def source_name(path: Path) -> str:
    """What the article records of the file it was last imported from."""
    return path.name[:255]


def find_article(key: str, name: str) -> ArticlePage | None:
    """The article of the page `key`, read from the file `name`.

    First the article with this key. Else the article last imported from a
    file of this name, if that file still held the same page: at most one of
    section, title and time changed, or an article stored before pages had
    keys. Aliases carry their original's fields, and are never it (left out
    here, not in SQL: `alias_of IS NULL` would make the database scan every
    page instead of using the two indexes).
    """
    candidates = [
        article
        for article in ArticlePage.objects.filter(
            Q(legacy_key=key) | Q(legacy_source=name)
        ).order_by("pk")
        if article.alias_of_id is None
    ]
    for article in candidates:
        if article.legacy_key == key:
            return article
    for article in candidates:
        if not article.legacy_key or differing_parts(article.legacy_key, key) <= 1:
            return article
    return None


def digest(parsed: LegacyArticle) -> str:
    payload = json.dumps(
        {
            "section": parsed.section,
            "title": parsed.title,
            "published": parsed.published.isoformat(),
            "lead": parsed.lead,
            "blocks": [(b.kind, b.text) for b in parsed.blocks],
            "authors": parsed.authors,
        },
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def body_stream(parsed: LegacyArticle):
    """Blocks for the StreamField; photos without a file keep their caption."""
    stream = []
    for block in parsed.blocks:
        if block.kind == "paragraph":
            stream.append(("paragraph", RichText(f"<p>{escape(block.text)}</p>")))
        elif block.kind == "quote":
            stream.append(("quote", {"text": block.text, "attribution": ""}))
        elif block.kind == "image" and block.text:
            stream.append(("photo", {"image": None, "caption": block.text}))
    return stream


class Importer:
    """Imports many files in one run, caching sections and authors.

    Used as a context manager it defers search and reference indexing and
    indexes the imported articles in batches of `flush_every`.
    """

    flush_every = 500

    def __init__(self, home: HomePage | None = None):
        self.home = home or HomePage.objects.first()
        if self.home is None:
            raise LookupError("No home page: run the migrations first.")
        self._sections = {
            section_key(s.title): s
            for s in SectionPage.objects.descendant_of(self.home)
        }
        self._authors = {fold(a.name): a for a in Author.objects.all()}
        self._changed: list[int] = []
        # The pages of this run: key -> (file, digest).
        self._seen: dict[str, tuple[Path, str]] = {}
        self._new_authors: list[Author] = []
        self._stack = None

    def __enter__(self):
        self._stack = deferred_indexing(ArticlePage, Author)
        self._stack.__enter__()
        return self

    def __exit__(self, *exc):
        try:
            self.flush()
        finally:
            self._stack.__exit__(*exc)
        return False

    def flush(self):
        """Index the articles and authors stored since the last flush."""
        ids, self._changed = self._changed, []
        index_now(
            ArticlePage,
            ArticlePage.objects.filter(pk__in=ids).prefetch_related(
                "article_authors__author", "tagged_items__tag"
            ),
        )
        authors, self._new_authors = self._new_authors, []
        index_now(Author, authors)

    def section(self, name: str) -> SectionPage:
        key = section_key(name)
        if key not in self._sections:
            section = SectionPage(title=name)
            if slugify(name) in RESERVED_SLUGS:  # "Video" must not hide /video/
                section.slug = f"{SectionPage.fallback_slug}-{slugify(name)}"
            self.home.add_child(instance=section)
            section.save_revision(log_action=False).publish(log_action=False)
            self.home.refresh_from_db()
            self._sections[key] = section
        return self._sections[key]

    def author(self, name: str) -> Author:
        key = fold(name)
        if key not in self._authors:
            self._authors[key] = Author.objects.create(name=name)
            self._new_authors.append(self._authors[key])
        return self._authors[key]

    def import_file(self, path: Path) -> str:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise LegacyParseError(f"file larger than {MAX_FILE_BYTES} bytes")
        parsed = parse_legacy_file(path)
        key = page_key(parsed.section, parsed.title, parsed.published)
        content_digest = digest(parsed)
        if key in self._seen:
            return self._again(path, key, content_digest)
        kept = (dict(self._sections), dict(self._authors))
        new_authors, changed = len(self._new_authors), len(self._changed)
        try:
            with transaction.atomic():
                status = self._store(key, source_name(path), parsed, content_digest)
        except (ValidationError, DataError, IntegrityError) as error:
            # Nothing of this file was stored: forget what the rolled-back
            # transaction made, so the next files do not build on it.
            self._sections, self._authors = kept
            del self._new_authors[new_authors:], self._changed[changed:]
            self.home.refresh_from_db()
            raise LegacyStoreError(f"cannot be stored: {_describe(error)}") from error
        self._seen[key] = (path, content_digest)
        if self._stack is not None and len(self._changed) >= self.flush_every:
            self.flush()
        return status

    def _again(self, path: Path, key: str, content_digest: str) -> str:
        """A page met a second time in this run, under another name: the
        same text is nothing new; other text is not stored, so that a re-run
        does not flip the article between the two versions."""
        first, first_digest = self._seen[key]
        if content_digest == first_digest:
            return UNCHANGED
        raise LegacyStoreError(
            f"the same page (section, title and time) as {first}, with other "
            "text: only the first is imported in one run; import this file on "
            "its own to update the article with it"
        )

    def _store(self, key: str, name: str, parsed: LegacyArticle, content_digest):
        article = find_article(key, name)
        if (
            article is not None
            and article.legacy_key == key
            and article.legacy_digest == content_digest
        ):
            return UNCHANGED
        section = self.section(parsed.section)
        status = UPDATED if article else CREATED
        if article is None:
            article = ArticlePage()
        article.legacy_key = key
        article.legacy_source = name
        article.title = parsed.title
        article.draft_title = parsed.title
        article.lead = parsed.lead
        article.body = body_stream(parsed)
        article.published_at = parsed.published
        article.first_published_at = article.first_published_at or parsed.published
        article.last_published_at = timezone.now()
        article.legacy_digest = content_digest
        article.live = True
        article.has_unpublished_changes = False
        article.article_authors = [
            ArticleAuthor(author=self.author(name), sort_order=i)
            for i, name in enumerate(parsed.authors)
        ]
        if status == CREATED:
            article.locale_id = section.locale_id
            section.add_child(instance=article)
        else:
            if article.get_parent().pk != section.pk:
                article.move(section, pos="last-child")
                article.refresh_from_db(fields=["path", "depth", "url_path"])
            article.save()
        # The page was just validated and saved live; record that state as
        # its live revision, so the admin shows "Live", not "Live + Draft".
        revision = article.save_revision(clean=False, log_action=False)
        ArticlePage.objects.filter(pk=article.pk).update(
            live_revision=revision, has_unpublished_changes=False
        )
        self._changed.append(article.pk)
        return status
