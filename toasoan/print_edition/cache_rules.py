"""What the print-edition pages show and what their changes purge
(toasoan.pagecache); registered from PrintEditionConfig.ready."""

from django.db.models.signals import post_save

from toasoan.pagecache import rules, tags

from .models import PrintArchivePage, PrintIssuePage, ProcessingJob


def print_page(page, *args):
    """The print box, "printed in" and the print pages show every issue."""
    return (tags.PRINT, tags.page(page.pk))


def job_changed(job, created):
    """A processed PDF: new pages, new covers."""
    return (tags.PRINT,) if job.status == job.DONE else ()


def register():
    # The archive page is also in the menu: its publication purges "site".
    rules.page(PrintArchivePage, shows=print_page)
    rules.page(
        PrintIssuePage,
        shows=print_page,
        published=print_page,
        gone=print_page,
        image=lambda pk: (tags.PRINT,),
    )
    rules.model(ProcessingJob, changed=job_changed, signals=(post_save,))
