"""The sentences editors read for a processing job that failed, in the
site's language (ProcessingError codes, from `loader` and `processing`)."""

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .sandbox import ProcessingError


def explain(error: ProcessingError) -> str:
    """The sentence an editor sees for a failure (in the site's language)."""
    size = filesizeformat(settings.PRINT_MAX_PDF_BYTES)
    messages = {
        "no_pdf": _("The issue has no PDF."),
        "not_pdf": _("The file is not a PDF."),
        "too_big": _("The PDF is larger than the limit of %(size)s.") % {"size": size},
        "encrypted": _(
            "The PDF is protected by a password; upload a copy without a password."
        ),
        "corrupt": _("The PDF is damaged and cannot be read."),
        "too_many_pages": _("The PDF has more pages than the limit of %(n)s.")
        % {"n": settings.PRINT_MAX_PAGES},
        "timeout": _("A page took longer than %(s)s seconds to process.")
        % {"s": settings.PRINT_TOOL_TIMEOUT},
        "job_timeout": _("Processing took longer than the limit of %(s)s seconds.")
        % {"s": settings.PRINT_JOB_TIMEOUT},
        "memory": _("A page needed more memory than allowed."),
        "tool_missing": _(
            "The server lacks the tools to process PDFs (%(tools)s); ask the "
            "technical staff to install them."
        )
        % {"tools": error.detail},
        "tool_failed": _("A processing tool failed on this PDF."),
        "missing_file": _("The PDF file can no longer be found in storage."),
        "superseded": _("Replaced by a newer processing of this issue."),
        "worker_lost": _(
            "The server processing this issue stopped in the middle of it "
            "several times (restarted, or out of memory), so processing was "
            "given up. Try “Process again”; if it stops again, tell the "
            "technical staff."
        ),
    }
    message = messages.get(
        error.code,
        _("Unexpected error; the technical staff will find the details in the log."),
    )
    if error.code in {"tool_failed", "corrupt", "memory"} and error.detail:
        message += " " + _("(For the technical staff: %(detail)s)") % {
            "detail": _tool_output(error.detail)
        }
    return message


def _tool_output(detail, limit=200):
    """A tool's complaint ("pdfinfo: ...") on one line, each distinct line
    once (poppler repeats its errors), cut at `limit` characters."""
    tool, colon, rest = detail.partition(": ")
    if not colon or " " in tool:
        tool, rest = "", detail
    lines = dict.fromkeys(line.strip() for line in rest.splitlines())
    text = "; ".join(line for line in lines if line)
    text = f"{tool}: {text}" if tool else text
    return text if len(text) <= limit else text[: limit - 1] + "…"
