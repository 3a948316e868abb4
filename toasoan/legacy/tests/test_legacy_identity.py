"""The legacy importer knows a page by the page itself (section, title and
time), not by the name of the file it was saved under."""

import importlib
import re
import unicodedata
from datetime import datetime, timedelta

import pytest
from django.apps import apps

from toasoan.legacy.keys import KEY_LENGTH, differing_parts, page_key
from toasoan.news.models import ArticlePage, SectionPage
from toasoan.vietnamese import TIMEZONE

from .test_import_legacy import PAGE, run_import

MIGRATION = importlib.import_module("toasoan.news.migrations.0007_legacy_page_key")
WHEN = datetime(2023, 9, 3, 7, 5, tzinfo=TIMEZONE)
SUMMARY = re.compile(
    r"(?P<created>\d+) created, (?P<updated>\d+) updated, "
    r"(?P<unchanged>\d+) unchanged, (?P<failed>\d+) failed"
)


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def counts(out):
    found = SUMMARY.search(out)
    assert found, out
    return {name: int(value) for name, value in found.groupdict().items()}


def test_the_key_ignores_spelling_variants_of_the_same_page():
    key = page_key("Văn hóa - Xã hội", "Mùa lúa mới trên cao nguyên đá", WHEN)
    assert len(key) == KEY_LENGTH
    variants = [
        (" VĂN HOÁ  -  xã hội ", "Mùa lúa mới trên cao nguyên đá", WHEN),
        (
            "Văn hóa - Xã hội",
            unicodedata.normalize("NFD", "MÙA LÚA MỚI\xa0trên  cao nguyên đá "),
            WHEN.astimezone(TIMEZONE).replace(second=30),
        ),
        ("Van hoa - Xa hoi", "Mùa lúa mới trên cao nguyên đá", WHEN),
    ]
    for section, title, when in variants:
        assert page_key(section, title, when) == key, (section, title)
    others = [
        page_key("Kinh tế", "Mùa lúa mới trên cao nguyên đá", WHEN),
        page_key("Văn hóa - Xã hội", "Mua lua moi tren cao nguyen da", WHEN),
        page_key("Văn hóa - Xã hội", "Mùa lúa mới trên cao nguyên đá", WHEN
                 + timedelta(minutes=1)),
    ]  # fmt: skip
    assert all(differing_parts(key, other) == 1 for other in others)
    assert differing_parts(key, page_key("Kinh tế", "Mùa vàng", WHEN)) == 2
    with pytest.raises(ValueError):
        page_key("Kinh tế", "Mùa vàng", WHEN.replace(tzinfo=None))


def test_the_same_page_under_two_names_is_one_article_updated(home, tmp_path):
    first = write(tmp_path, "trang_001.txt", PAGE)
    out, _ = run_import(first)
    assert counts(out)["created"] == 1
    article = ArticlePage.objects.get()
    rescraped = tmp_path / "rescrape"
    rescraped.mkdir()
    again = write(rescraped, "mua-lua-moi.txt", PAGE.replace("vụ gặt", "mùa gặt"))
    out, err = run_import(again)
    assert counts(out) == {"created": 0, "updated": 1, "unchanged": 0, "failed": 0}
    assert err == ""
    updated = ArticlePage.objects.get()
    assert updated.pk == article.pk and "mùa gặt" in updated.lead
    assert updated.legacy_source == "mua-lua-moi.txt"
    out, _ = run_import(rescraped)
    assert counts(out)["unchanged"] == 1 and ArticlePage.objects.count() == 1


def test_same_title_in_two_sections_is_two_articles(home, tmp_path):
    write(tmp_path, "a.txt", PAGE)
    write(tmp_path, "b.txt", PAGE.replace("Văn hóa - Xã hội", "Kinh tế"))
    out, _ = run_import(tmp_path)
    assert counts(out)["created"] == 2
    sections = {a.get_parent().title for a in ArticlePage.objects.all()}
    assert sections == {"Văn hóa - Xã hội", "Kinh tế"}
    assert counts(run_import(tmp_path)[0])["unchanged"] == 2


def test_a_name_reused_for_another_page_adds_an_article(home, tmp_path):
    path = write(tmp_path, "1.txt", PAGE)
    run_import(path)
    other = PAGE.replace("Mùa lúa mới", "Chợ phiên").replace("3/9/2023", "4/9/2023")
    path.write_text(other, encoding="utf-8")
    out, _ = run_import(path)
    assert counts(out)["created"] == 1
    titles = sorted(ArticlePage.objects.values_list("title", flat=True))
    assert titles == ["Chợ phiên trên cao nguyên đá", "Mùa lúa mới trên cao nguyên đá"]


def test_one_page_twice_in_a_run_with_other_text_keeps_the_first(home, tmp_path):
    write(tmp_path, "a.txt", PAGE)
    later = write(tmp_path, "b.txt", PAGE.replace("vụ gặt", "mùa gặt"))
    for _ in range(2):
        out, err = run_import(tmp_path)
        assert counts(out)["failed"] == 1
        assert f"SKIPPED {later}: the same page" in err
        assert "vụ gặt" in ArticlePage.objects.get().lead
    assert counts(out)["unchanged"] == 1
    out, _ = run_import(later)
    assert counts(out)["updated"] == 1 and "mùa gặt" in ArticlePage.objects.get().lead


def test_a_copy_is_not_the_legacy_page(home, tmp_path):
    path = write(tmp_path, "a.txt", PAGE)
    run_import(path)
    article = ArticlePage.objects.get()
    copy = article.copy(update_attrs={"slug": "ban-sao", "title": "Bản sao"})
    assert (copy.legacy_key, copy.legacy_source, copy.legacy_digest) == ("", "", "")
    path.write_text(PAGE.replace("vụ gặt", "mùa gặt"), encoding="utf-8")
    run_import(path)
    assert "mùa gặt" in ArticlePage.objects.get(pk=article.pk).lead
    assert "vụ gặt" in ArticlePage.objects.get(pk=copy.pk).lead


def imported_before_keys(tmp_path, name, text):
    """An article as the importer stored it when files were keyed by name."""
    run_import(write(tmp_path, name, text))
    article = ArticlePage.objects.get(legacy_source=name)
    ArticlePage.objects.filter(pk=article.pk).update(legacy_key="")
    article.refresh_from_db()
    return article


def test_articles_imported_before_keys_are_found_under_any_name(
    home, tmp_path, django_user_model
):
    article = imported_before_keys(tmp_path, "trang_001.txt", PAGE)
    editor = django_user_model.objects.create_user("bientap", password="x" * 12)
    article.title = "Mùa lúa mới trên cao nguyên"  # an editor's change since
    article.save_revision(user=editor).publish()
    MIGRATION.key_imported_articles(apps, None)

    rescraped = tmp_path / "rescrape"
    rescraped.mkdir()
    out, _ = run_import(write(rescraped, "khac.txt", PAGE.replace("vụ gặt", "mùa")))
    assert counts(out)["updated"] == 1
    assert ArticlePage.objects.get().pk == article.pk


def test_the_migration_keys_only_one_of_two_copies_of_a_page(home, tmp_path):
    first = imported_before_keys(tmp_path, "a.txt", PAGE)
    section = SectionPage.objects.get()
    twin = ArticlePage(
        title=first.title,
        slug="ban-kia",
        published_at=first.published_at,
        legacy_source="b.txt",
    )
    section.add_child(instance=twin)
    MIGRATION.key_imported_articles(apps, None)
    first.refresh_from_db()
    twin.refresh_from_db()
    assert first.legacy_key == page_key(section.title, first.title, WHEN)
    assert twin.legacy_key == ""
    # Either file again: the keyed article, unchanged; nothing added or lost.
    out, _ = run_import(write(tmp_path, "b.txt", PAGE))
    assert counts(out)["unchanged"] == 1 and ArticlePage.objects.count() == 2


def test_a_rescrape_spelled_differently_stays_in_its_section(home, tmp_path):
    run_import(write(tmp_path, "a.txt", PAGE))
    variant = PAGE.replace("Văn hóa - Xã hội", "VĂN HOÁ  -  XÃ HỘI", 1).replace(
        "Mùa lúa mới", "MÙA LÚA  MỚI"
    )
    (tmp_path / "khac").mkdir()
    out, _ = run_import(write(tmp_path / "khac", "b.txt", variant))
    assert counts(out)["updated"] == 1
    assert SectionPage.objects.count() == 1 and ArticlePage.objects.count() == 1


def test_the_migration_keys_pages_as_the_importer_does():
    """news 0007 keeps its own copy of the key (a migration imports no outer
    app): the two agree."""
    cases = [
        ("Văn hóa - Xã hội", "Mùa lúa mới trên cao nguyên đá", WHEN),
        (" VĂN HOÁ  -  xã hội ", "MÙA LÚA\xa0mới ", WHEN.astimezone(TIMEZONE)),
        ("Kinh tế", "Chợ phiên", WHEN + timedelta(days=400, minutes=3)),
    ]
    for case in cases:
        assert MIGRATION.page_key(*case) == page_key(*case)
