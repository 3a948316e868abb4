"""Background work of the print edition: a PDF becomes searchable pages,
in units of pages that any free worker takes (units.py). The tasks are
defined beside the work they run (processing.py), which queues them.
"""

from .processing import process_issue, process_unit

__all__ = ["process_issue", "process_unit"]
