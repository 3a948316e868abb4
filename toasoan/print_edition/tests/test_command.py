"""import_print_issue: one issue, or a folder with a report of failures."""

import pytest
from django.core.management import CommandError, call_command

from toasoan.print_edition import samples
from toasoan.print_edition.models import PrintIssuePage, PrintPage, ProcessingJob
from toasoan.search import service
from toasoan.search.views import PAGE_PARAMS


def test_import_one_issue_processes_pages_before_returning(
    tools, home, tmp_path, text_pdf, capsys
):
    pdf = tmp_path / "so-5.pdf"
    pdf.write_bytes(text_pdf)
    cover = tmp_path / "bia.png"
    samples.page_image(["Bìa"], dpi=30).save(cover)
    call_command(
        "import_print_issue",
        str(pdf),
        "--number",
        "5",
        "--year",
        "2022",
        "--date",
        "2022-05-15",
        "--cover",
        str(cover),
    )
    issue = PrintIssuePage.objects.get()
    assert issue.live and issue.title == "Số 5 - 2022" and issue.cover_id
    assert str(issue.published_on) == "2022-05-15"
    assert PrintPage.objects.filter(issue=issue).count() == 3
    # Searchable at once, as a script would do right after.
    from django.http import QueryDict

    params = QueryDict("q=thuy+loi&loai=trang-tap-chi")
    outcome = service.run(service.Filters.from_params(params, PAGE_PARAMS))
    assert outcome.count == 1
    # Again with the same file: nothing new.
    call_command("import_print_issue", str(pdf), "--number", "5", "--year", "2022")
    assert PrintIssuePage.objects.count() == 1
    assert ProcessingJob.objects.count() == 1


def test_folder_mode_reports_failures(tools, home, tmp_path, text_pdf, capsys):
    (tmp_path / "2022-5.pdf").write_bytes(samples.text_pdf(samples.PAGES[:1]))
    (tmp_path / "so-1+2-2021.pdf").write_bytes(samples.text_pdf(samples.PAGES[1:2]))
    (tmp_path / "2020-3.pdf").write_bytes(b"%PDF-1.4 broken")
    (tmp_path / "ghi-chu.pdf").write_bytes(text_pdf)
    with pytest.raises(CommandError, match="2 of 4 files failed"):
        call_command("import_print_issue", str(tmp_path))
    out = capsys.readouterr().out
    assert "Report: 2 imported, 2 failed." in out
    assert "2020-3.pdf" in out and "ghi-chu.pdf" in out
    labels = sorted(PrintIssuePage.objects.values_list("number_label", "year"))
    assert labels == [("1+2", 2021), ("3", 2020), ("5", 2022)]
    failed = ProcessingJob.objects.get(issue__year=2020)
    assert failed.status == ProcessingJob.FAILED


@pytest.mark.parametrize(
    "args, message",
    [
        (["x.pdf", "--number", "5"], "both --number and --year"),
        (["missing.pdf", "--number", "5", "--year", "2022"], "exactly one PDF"),
        (["missing-folder"], "Not found"),
        (["x.pdf", "--number", "5", "--year", "2022", "--date", "5/5/2022"], "--date"),
    ],
)
def test_bad_arguments(tools, db, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_print_issue", *args)
