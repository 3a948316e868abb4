"""The generated back archive: issues of A4 pages, born-digital (a text
layer) or scanned (300 dpi grey images, no text layer), every page carrying
a serial number of its own ("Mã lưu trữ 10421") that the checks search for.

The PDFs are kept in the bench's work folder between runs (making the
scanned ones takes a few minutes); their pages are the sample texts of
print_edition.samples and the demo's old pages, 40 lines a page.
"""

from dataclasses import dataclass
from pathlib import Path

FIRST_SERIAL = 10_000


@dataclass
class IssuePlan:
    label: str
    scanned: bool
    first_serial: int
    pages: int
    pdf: Path

    def serials(self):
        return range(self.first_serial, self.first_serial + self.pages)


def marker(serial):
    return f"Mã lưu trữ {serial}"


def plan(total, issue_pages, scanned_every, folder: Path) -> list[IssuePlan]:
    """Issues of `issue_pages` pages up to `total` pages; every
    `scanned_every`-th issue scanned, the others born-digital."""
    plans, serial, index = [], FIRST_SERIAL, 0
    while serial - FIRST_SERIAL < total:
        pages = min(issue_pages, total - (serial - FIRST_SERIAL))
        scanned = index % scanned_every == 0
        kind = "scan" if scanned else "text"
        pdf = folder / f"archive-{kind}-{serial}-{pages}.pdf"
        plans.append(IssuePlan(f"A{index + 1}", scanned, serial, pages, pdf))
        serial += pages
        index += 1
    return plans


def _texts(plan: IssuePlan):
    from toasoan.demo import print_issues as demo
    from toasoan.print_edition import samples

    lines = [line for page in samples.PAGES + demo.OLD_PAGES for line in page]
    return [
        [marker(serial)] + [lines[(serial * 7 + i) % len(lines)] for i in range(39)]
        for serial in plan.serials()
    ]


def make(plan: IssuePlan):
    """The issue's PDF, made unless it is already in the folder."""
    from toasoan.print_edition import samples

    if plan.pdf.exists():
        return plan.pdf
    texts = _texts(plan)
    if plan.scanned:
        data = samples.scanned_pdf(texts, dpi=300, size_mm=(210, 297), font_pt=10)
    else:
        data = samples.text_pdf(texts, size_mm=(210, 297), font_pt=10)
    partial = plan.pdf.with_suffix(".part")
    partial.write_bytes(data)
    partial.replace(plan.pdf)
    return plan.pdf
