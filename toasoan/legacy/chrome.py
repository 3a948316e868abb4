"""Where the site chrome starts on a legacy page: the reader-comment box,
related articles, the print-issue box, the video corner, the tools.

Pure Python (no Django). A line is chrome when its normalised form
(:func:`fold_key`: ``fold()``, punctuation removed, whitespace collapsed)
equals one of :data:`CHROME_MARKERS`; ``#`` in a marker stands for a number,
so ``"Số # - #"`` matches ``Số 5 - 2022`` and ``SO 12/2019``.
"""

from __future__ import annotations

import functools
import re

from toasoan.vietnamese import fold

__all__ = ["CHROME_MARKERS", "NOT_WORD", "fold_key", "is_chrome_line"]

#: Lines that start the site chrome (compared after ``fold()``, punctuation
#: removal and whitespace collapsing, so case and diacritics do not matter).
#: ``#`` stands for a number. Extend freely.
CHROME_MARKERS: tuple[str, ...] = (
    # reader-comment box
    "Ý kiến bạn đọc về bài viết này",
    "Ý kiến bạn đọc",
    "Ý kiến bạn đọc (#)",
    "Họ và tên",
    "Họ tên",
    "Địa chỉ",
    "Email",
    "Ý kiến của bạn",
    "Mã bảo vệ",
    "Mã xác nhận",
    "Gửi ý kiến",
    "Gửi ý kiến của bạn",
    "Gửi bình luận",
    "Bình luận",
    # related articles
    "Bài cùng chuyên mục",
    "Tin cùng chuyên mục",
    "Các tin khác",
    "Các bài khác",
    "Tin liên quan",
    "Bài liên quan",
    "Bài viết liên quan",
    "Tin đã đưa",
    "Đọc nhiều nhất",
    "Tin đọc nhiều",
    # print issue box
    "Giới thiệu tạp chí in",
    "Số # - #",
    "Tra cứu tạp chí in",
    "Tra cứu tạp chí in trước năm #",
    # video corner
    "Video clips",
    "Video clip",
    # tools
    "In bài viết",
    "Bản in",
    "Gửi bài viết",
    "Gửi cho bạn bè",
    "Chia sẻ",
    "Về đầu trang",
    "Lên đầu trang",
    "Quay lại",
    "Trở về",
    "Từ khóa",
)

NOT_WORD = re.compile(r"[\W_]+")
_NOT_WORD_OR_HASH = re.compile(r"[^\w#]+|_+")


def fold_key(text: str) -> str:
    """``fold()``ed, punctuation-free, whitespace-collapsed form of ``text``."""
    return " ".join(NOT_WORD.sub(" ", fold(text)).split())


@functools.lru_cache(maxsize=8)
def _chrome_regex(markers: tuple[str, ...]) -> tuple[re.Pattern[str], int]:
    """The markers as one regex over keys, and the longest line worth trying."""
    alternatives = []
    longest = 0
    for marker in markers:
        tokens = _NOT_WORD_OR_HASH.sub(" ", fold(marker)).split()
        if tokens:
            alternatives.append(
                " ".join(r"\d+" if t == "#" else re.escape(t) for t in tokens)
            )
            longest = max(longest, len(marker))
    pattern = re.compile("|".join(alternatives) or r"(?!)")
    # room for punctuation, spacing and long numbers around the marker words
    return pattern, 2 * longest + 20


def is_chrome_line(line: str, markers: tuple[str, ...] = CHROME_MARKERS) -> bool:
    """True when ``line`` is one of the site-chrome markers."""
    pattern, longest = _chrome_regex(tuple(markers))
    if len(line) > longest:
        return False  # a paragraph of text, not a marker (and cheap to tell)
    key = fold_key(line)
    return bool(key) and pattern.fullmatch(key) is not None
