"""The Vietnamese catalogues: complete, never guessed, and saying what they mean.

Three catalogues: the site's own (toasoan/locale, made by `make messages`) and
the hand-kept Wagtail admin ones (toasoan/locale_admin, django and djangojs).
`makemessages` used to fill a new message with the translation of a similar
one and mark it fuzzy ("All sections" became "chuyên mục", "Remove the filters
on type, section or dates." became "Chưa có bài nào khác trong chuyên mục
này."); the flag was then dropped and the wrong text shipped. `make messages`
now runs msgmerge with --no-fuzzy-matching, and these tests refuse a fuzzy,
empty or left-over entry, so a new message has to be translated by a person.

The PO reader is plain Python (no polib, no gettext tools needed).
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR) / "toasoan"
CATALOGUES = [
    ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po",
    ROOT / "locale_admin" / "vi" / "LC_MESSAGES" / "django.po",
    ROOT / "locale_admin" / "vi" / "LC_MESSAGES" / "djangojs.po",
]
IDS = ["site", "admin", "admin-js"]

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$')


def _unquote(parts):
    return "".join(
        re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), part)
        for part in parts
    )


class Entry:
    def __init__(self, line):
        self.line = line  # where the entry starts, for messages
        self.flags = set()
        self.previous = []  # "#| msgid ..." comments left by a fuzzy match
        self.fields = {}

    @property
    def msgid(self):
        return self.fields.get("msgid", "")

    @property
    def context(self):
        return self.fields.get("msgctxt")

    @property
    def plural(self):
        return self.fields.get("msgid_plural")

    @property
    def msgstrs(self):
        return [v for k, v in sorted(self.fields.items()) if k.startswith("msgstr")]

    @property
    def msgstr(self):
        return self.fields.get("msgstr", self.fields.get("msgstr[0]", ""))

    def __repr__(self):
        ctx = f"[{self.context}] " if self.context else ""
        return f"line {self.line}: {ctx}{self.msgid!r} -> {self.msgstr!r}"


def read_po(path):
    """Every entry but the header and obsolete (#~) ones."""
    entries = []
    entry, key, parts = None, None, {}
    lines = path.read_text(encoding="utf-8").splitlines()

    def close():
        if entry is not None and key is not None:
            for name, chunks in parts.items():
                entry.fields[name] = _unquote(chunks)
            if entry.msgid:
                entries.append(entry)

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            close()
            entry, key, parts = None, None, {}
            continue
        if entry is None:
            entry = Entry(number)
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            entry.flags.update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#|"):
            entry.previous.append(line)
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            assert key is not None, f"{path}:{number}: string outside an entry"
            parts[key].append(line[1:-1])
        else:
            match = KEYWORD.match(line)
            assert match, f"{path}:{number}: cannot read {line!r}"
            key = match.group(1)
            parts[key] = [match.group(2)]
    close()
    return entries


# %(name)s, %s, %d, %.1f; {name} (str.format); HTML tags.
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[-#0 +]*\d*(?:\.\d+)?[sdifr]"
    r"|\{[A-Za-z_][A-Za-z_0-9]*\}|</?[A-Za-z][^>]*>"
)


def placeholders(text):
    return sorted(set(PLACEHOLDER.findall(text.replace("%%", ""))))


def test_the_reader_sees_flags_plurals_contexts_and_leftovers(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\n#| msgid "section"\n'
        'msgid "All %(n)s sections"\nmsgstr "chuyên mục"\n\n'
        'msgctxt "A tag name"\nmsgid "name"\nmsgstr ""\n"tên"\n\n'
        'msgid "%(n)s page"\nmsgid_plural "%(n)s pages"\nmsgstr[0] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr "Cũ"\n',
        encoding="utf-8",
    )
    fuzzy, tag, plural = read_po(po)
    assert fuzzy.flags == {"fuzzy", "python-format"} and fuzzy.previous
    assert (tag.context, tag.msgid, tag.msgstr) == ("A tag name", "name", "tên")
    assert plural.plural == "%(n)s pages" and plural.msgstrs == [""]
    assert placeholders(fuzzy.msgid) == ["%(n)s"] != placeholders(fuzzy.msgstr)


@pytest.fixture(scope="module", params=CATALOGUES, ids=IDS)
def catalogue(request):
    return request.param, read_po(request.param)


def test_the_reader_reads_every_message(catalogue):
    path, entries = catalogue
    # Cross-check the reader against gettext's own view of the compiled file.
    with open(path.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    assert len(entries) > 50
    assert len(entries) == len([k for k in compiled if k not in ("", ("", 0))])


def test_no_fuzzy_empty_or_leftover_entry(catalogue):
    path, entries = catalogue
    fuzzy = [e for e in entries if "fuzzy" in e.flags]
    empty = [e for e in entries if not all(s.strip() for s in e.msgstrs)]
    leftover = [e for e in entries if e.previous]
    assert fuzzy == [], f"{path}: fuzzy (guessed) translations; translate them"
    assert empty == [], f"{path}: untranslated messages"
    assert leftover == [], f"{path}: '#|' comments of a fuzzy match remain"


def test_placeholders_html_and_edges_are_kept(catalogue):
    path, entries = catalogue
    wrong = []
    for e in entries:
        # Vietnamese has one plural form, written for the plural message.
        source = e.plural or e.msgid
        for s in e.msgstrs:
            if placeholders(s) != placeholders(source):
                wrong.append(("placeholders", e))
            if source[:1].isspace() != s[:1].isspace():
                wrong.append(("leading space", e))
            if source[-1:].isspace() != s[-1:].isspace():
                wrong.append(("trailing space", e))
            if source.endswith(":") != s.endswith(":"):
                wrong.append(("trailing colon", e))
    assert wrong == []


def test_compiled_files_match_the_catalogues(catalogue):
    path, entries = catalogue
    with open(path.with_suffix(".mo"), "rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    stale = []
    for e in entries:
        key = f"{e.context}\x04{e.msgid}" if e.context else e.msgid
        got = compiled.get((key, 0)) if e.plural else compiled.get(key)
        if got != e.msgstr:
            stale.append(e)
    assert stale == [], (
        f"{path.name} is newer than its .mo: from its folder run "
        f"`msgfmt --check -o {path.stem}.mo {path.name}`"
    )


def _normalise(msgid):
    return msgid.lower().rstrip(".:…").removesuffix("s")


# Different messages of the site that rightly share a translation. A message
# given another message's translation is what a fuzzy match leaves behind:
# add a group here only when the shared wording is really meant.
SHARED_ON_PURPOSE = [
    {"Reader comments", "Readers' comments"},
    {"Image", "Photo"},
    {"Quotation", "Quote"},
    {"main image", "poster"},
    {"Look up a print issue", "Look up print issues"},
    {"Previous page", "Previous"},
    {"Next page", "Next"},
]


def test_site_messages_do_not_borrow_each_others_translation():
    by_translation = {}
    for e in read_po(CATALOGUES[0]):
        by_translation.setdefault(e.msgstr, set()).add(e.msgid)
    borrowed = {
        msgstr: msgids
        for msgstr, msgids in by_translation.items()
        if len({_normalise(m) for m in msgids}) > 1 and msgids not in SHARED_ON_PURPOSE
    }
    assert borrowed == {}


def test_snippet_is_translated_everywhere_the_same_way():
    """Vocabulary of locale_admin/README.md: Snippet -> mục nội dung."""
    for path in CATALOGUES[1:]:
        for e in read_po(path):
            msgid, msgstr = (PLACEHOLDER.sub("", t) for t in (e.msgid, e.msgstr))
            assert "snippet" not in msgstr.lower(), e
            # "any %(snippet_type_name)s snippets": the type's own name is enough.
            if re.search(r"\bsnippets?\b", msgid, re.I) and "%(snippet" not in e.msgid:
                assert "mục nội dung" in msgstr.lower(), e


@pytest.mark.parametrize(
    "msgid, vietnamese",
    [
        # Issue 17, item 10: each of these once showed another message's text.
        (
            "Remove the filters on type, section or dates.",
            "Bỏ bớt bộ lọc theo loại, chuyên mục hoặc ngày.",
        ),
        ("All sections", "Tất cả chuyên mục"),
        ("newsroom reply", "lời đáp của tòa soạn"),
        ("action", "cách xử lý"),
        ("Articles", "Bài viết"),
        ("This page of results does not exist.", "Trang kết quả này không tồn tại."),
        # Their former owners keep their own text.
        (
            "No other articles in this section yet.",
            "Chưa có bài nào khác trong chuyên mục này.",
        ),
        ("Newsroom roles", "Vai trò tòa soạn"),
        ("section", "chuyên mục"),
        # The admin.
        ("Snippets", "Mục nội dung"),
        ("Page/Snippet", "Trang/mục nội dung"),
        ("1 snippet selected", "Đã chọn 1 mục nội dung"),
        ("Actions", "Thao tác"),
        # Once left to Wagtail (English): the editor's comments panel, revisions.
        ("Comments", "Bình luận"),
        ("Latest", "Mới nhất"),
    ],
    ids=lambda value: value if value.isascii() else "",
)
def test_corrected_translations(msgid, vietnamese):
    # Through Django, so the order of LOCALE_PATHS is part of what is tested.
    with translation.override("vi"):
        assert translation.gettext(msgid) == vietnamese


def test_workflow_and_task_names_read_as_names():
    name = {"workflow_name": "Duyệt bài", "task_name": "Biên tập viên duyệt"}
    with translation.override("vi"):
        submit = translation.gettext("Submit to %(workflow_name)s") % name
        resubmit = translation.gettext("Resubmit to %(task_name)s") % name
    assert submit == "Gửi vào quy trình “Duyệt bài”"  # was "Gửi duyệt theo Duyệt bài"
    assert resubmit == "Gửi lại ở bước “Biên tập viên duyệt”"


def test_the_comment_reply_field_is_labelled_as_a_reply():
    from toasoan.comments.models import Comment, ModerationEvent, WordRule

    with translation.override("vi"):
        assert (
            str(Comment._meta.get_field("reply").verbose_name) == "lời đáp của tòa soạn"
        )
        assert (
            str(ModerationEvent._meta.get_field("action").verbose_name) == "cách xử lý"
        )
        assert str(WordRule._meta.get_field("action").verbose_name) == "cách xử lý"
