"""The corpus: LibreOffice's help in Vietnamese, from Debian's package
`libreoffice-help-vi` (MPL-2.0; the Vietnamese translation is the
LibreOffice translators' work). Nothing of it is in this repository: the
package is downloaded (`apt-get download`, no installation, no dependencies)
and unpacked into a cache folder the first time the bench runs.

Each help page becomes one page of the evaluation: its heading as title and
the text of its paragraphs as body, from the page's display area up to its
"related topics". Only pages of at least MIN_WORDS words of which at least
MIN_VIETNAMESE are Vietnamese (they carry a diacritic) are kept: the help is
partly untranslated.
"""

import html
import random
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "libreoffice-help-vi"
LICENCE = "MPL-2.0"
MIN_WORDS = 80
MIN_VIETNAMESE = 0.35

_VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]",
    re.IGNORECASE,
)
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|td|th|div)>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"(?s)<h[1-3][^>]*>(.*?)</h[1-3]>", re.IGNORECASE)


@dataclass
class Page:
    key: str  # the help file's path in the package
    title: str
    paragraphs: list[str]

    @property
    def text(self):
        return "\n".join([self.title, *self.paragraphs])


def unpacked(cache: Path) -> Path:
    """The package's help folder, downloaded and unpacked once."""
    root = cache / "unpacked" / "usr/share/libreoffice/help/vi"
    if root.exists():
        return root
    cache.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", PACKAGE], cwd=cache, check=True)
    (deb,) = sorted(cache.glob(f"{PACKAGE}_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(cache / "unpacked")], check=True)
    return root


def _clean(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", fragment)).split())


def parse(path: Path, root: Path) -> Page | None:
    source = path.read_text("utf-8", errors="replace")
    start = source.find('id="DisplayArea"')
    if start < 0:
        return None
    end = source.find('class="relatedtopics"', start)
    area = source[start : end if end > 0 else len(source)]
    area = area[area.find(">") + 1 :]
    heading = _HEADING.search(area)
    title = _clean(heading.group(1)) if heading else ""
    blocks = [_clean(block) for block in _BLOCK_END.split(area)]
    paragraphs = [block for block in blocks if block and block != title]
    if not title or not paragraphs:
        return None
    return Page(str(path.relative_to(root)), title, paragraphs)


def _vietnamese_enough(page: Page) -> bool:
    words = re.findall(r"\w+", page.text)
    if len(words) < MIN_WORDS:
        return False
    return sum(bool(_VIETNAMESE.search(w)) for w in words) >= MIN_VIETNAMESE * len(
        words
    )


def pages(cache: Path, count: int, seed: int) -> list[Page]:
    """`count` pages (or all there are), drawn with `seed`, distinct bodies."""
    root = unpacked(cache)
    kept, seen = [], set()
    for path in sorted(root.glob("text/**/*.html")):
        page = parse(path, root)
        if page is None or not _vietnamese_enough(page):
            continue
        body = "\n".join(page.paragraphs)
        if body in seen:
            continue
        seen.add(body)
        kept.append(page)
    random.Random(seed).shuffle(kept)
    return sorted(kept[:count], key=lambda page: page.key)
