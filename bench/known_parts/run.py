"""One database's run: the corpus published as articles, every query asked
in its five forms through `/api/v1/search/` (articles only), scored."""

import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.utils.html import escape

from .queries import FORMS, forms

TOP = 10


def load(pages) -> dict[str, str]:
    """The pages published as articles of one section; URL path → page key."""
    from django.core.management import call_command
    from wagtail.rich_text import RichText

    from toasoan.news.tests.factories import home, make_article, make_section
    from toasoan.vietnamese import TIMEZONE

    home()
    section = make_section(title="Trợ giúp")
    start = datetime(2024, 3, 1, 8, 0, tzinfo=TIMEZONE)
    paths = {}
    for i, page in enumerate(pages):
        body = "".join(f"<p>{escape(p)}</p>" for p in page.paragraphs)
        article = make_article(
            section,
            page.title[:250],
            lead="",
            published=start + timedelta(hours=i),
            body=[("paragraph", RichText(body))],
        )
        paths[urlsplit(article.url).path] = page.key
    # Publishing queues the indexing as a task (no worker here): index now.
    call_command("update_index", verbosity=0)
    return paths


def ask(client, text):
    response = client.get("/api/v1/search/", {"q": text, "type": "bai-viet"})
    if response.status_code != 200:
        raise RuntimeError(f"{text!r}: HTTP {response.status_code}")
    return [urlsplit(r["url"]).path for r in response.json()["results"]][:TOP]


def rank_of(found, relevant):
    return next((i for i, key in enumerate(found, 1) if key in relevant), None)


def run(queries, paths) -> dict:
    """Per query and form: the rank of the first relevant page (or None)."""
    from django.test import Client

    client = Client()
    ranks, took = [], []
    for query in queries:
        row = {}
        for form, text in forms(query.text).items():
            relevant = set(query.folded if form == "without" else query.exact)
            began = time.perf_counter()
            found = [paths.get(path) for path in ask(client, text)]
            took.append(time.perf_counter() - began)
            row[form] = rank_of(found, relevant)
        ranks.append(row)
    return {"ranks": ranks, "seconds_per_query": sum(took) / len(took)}


def scores(queries, ranks) -> dict:
    """MRR@10 and precision at 1 per kind of query (and all), per form."""
    table = {}
    groups = {
        "words and pairs": ("word", "pair"),
        "phrases": ("phrase",),
        "all": ("word", "pair", "phrase"),
    }
    for group, kinds in groups.items():
        rows = [r for q, r in zip(queries, ranks, strict=True) if q.kind in kinds]
        table[group] = {
            form: {
                "queries": len(rows),
                "mrr10": _mean(1 / r[form] if r[form] else 0 for r in rows),
                "p1": _mean(r[form] == 1 for r in rows),
            }
            for form in FORMS
        }
    return table


def _mean(values):
    values = list(values)
    return round(sum(values) / len(values), 3) if values else 0.0
