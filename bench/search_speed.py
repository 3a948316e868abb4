"""Benchmark the Vietnamese article search on a large generated database.

Run by hand, not by the tests; see bench/README.md. One process: a fresh
database, N generated articles inserted in bulk the way treebeard lays out
pages, the search index built in chunks as `update_index` does, a sanity
check, then the latency of `toasoan.search.service.run` and of a bare
`backend.search` for 1-, 2- and 4-word queries.
"""

import argparse
import cProfile
import io
import itertools
import json
import math
import os
import platform
import pstats
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT_DIR = ROOT / "bench" / "out"
PG_URL = "postgres://postgres@127.0.0.1:5432/bench_search"
SECTIONS = (
    "Thời sự",
    "Kinh tế",
    "Thế giới",
    "Văn hóa",
    "Thể thao",
    "Giáo dục",
    "Sức khỏe",
    "Công nghệ",
)
# Common Vietnamese syllables (the search indexes syllables: words are split
# on spaces). Drawn with Zipf weights, so the first ones are in most articles.
VOCABULARY = """
của và các có được cho là người trong những với này không một đã đến khi về
từ nhà nước năm thành phố việt nam công tác phát triển kinh tế xã hội chính
trị văn hóa giáo dục y sức khỏe bệnh viện trường học sinh giáo thị doanh
nghiệp đầu tư ngân hàng tài giá vàng chứng khoán bất động sản xây dựng giao
thông đường cao tốc cầu sân bay du lịch biển đảo miền bắc trung tây nguyên
đồng bằng sông cửu long hà nội hồ chí minh đà nẵng huế cần thơ hải phòng
quảng ninh nghệ an thanh bóng đá đội tuyển thủ huấn luyện trận đấu giải vô
địch bàn thắng khán âm nhạc ca sĩ phim điện ảnh sân khấu triển lãm sách báo
thơ truyện sử truyền thống lễ tết đán mùa xuân hạ thu đông mưa bão lũ lụt
nắng nóng thời tiết khí hậu môi rừng cây xanh nông lúa gạo cà phê tiêu trái
xuất nhập khẩu hàng hóa thương mại tử nghệ tin trí tuệ nhân tạo khoa nghiên
cứu chuyển đổi số mạng thoại thông minh ứng dữ liệu ninh quốc phòng quân
công pháp luật tòa án xét xử vụ tham nhũng lãng phí hội phủ tướng bộ trưởng
đại biểu cử tri dân gia đình trẻ em phụ nữ tuổi niên lao việc làm tiền
lương bảo hiểm ở đô nông thôn làng quê ẩm thực món ăn phở bánh mì chợ đêm
mua sắm cả tăng giảm mạnh nhẹ mới cũ lớn nhỏ đẹp tốt xấu nhanh chậm sáng tối
hôm nay ngày mai tuần tháng quý sẽ đang vừa rất nhiều ít hơn nhất cũng còn
nên phải muốn cần thể lên xuống ra vào trên dưới sau trước giữa ngoài bên
cùng theo như vì nếu nhưng thì mà hay hoặc để bởi tại qua lại đi tới
chúng tôi họ ông bà anh chị bạn mình ai gì nào đâu sao bao giờ lúc nơi
điều vấn đề kết quả hoạt động chương trình dự án kế hoạch chính sách quy
định nghị quyết hội nghị cuộc họp buổi lễ tổ chức đơn vị cơ quan địa
phương tỉnh huyện xã thôn bản cộng đồng khu vực vùng lãnh thổ biên giới
""".split()
# Words planted once each, in a title or a body, for the sanity check.
PLANTED_TITLE = ("Thạchsanhq", "Lạclongx", "Âucơz")
PLANTED_BODY = ("Sơntinhw", "Thủytinhk")
# What ArticlePage.search_bylines reads, loaded per chunk instead of per article.
PREFETCH = ("article_authors__author", "tags")


class BenchError(Exception):
    """A step failed or a result is wrong: the figures are not to be trusted."""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--queries", type=int, default=150, help="timed queries per word count"
    )
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--what-if", type=int, default=50, help="queries per set for the what-if"
    )
    parser.add_argument(
        "--limit", type=float, default=5.0, help="seconds before a query is stopped"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=120.0,
        help="seconds spent on each set of queries and path (1-word service...)",
    )
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument(
        "--pg-url",
        default=PG_URL,
        help="PostgreSQL database to DROP and recreate (name must contain 'bench')",
    )
    parser.add_argument(
        "--sample",
        type=int,
        default=2000,
        help="articles indexed first exactly as update_index loads them",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes indexing the other articles",
    )
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file")
    parser.add_argument("--index-worker", metavar="LOW:HIGH", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help="JSON report (default bench/out/)")
    return parser.parse_args()


# -- database ---------------------------------------------------------------


def fresh_postgres() -> None:
    import psycopg
    from django.conf import settings
    from psycopg import sql

    db = settings.DATABASES["default"]
    if "bench" not in db["NAME"]:
        raise BenchError(f"refusing to drop {db['NAME']!r}: name lacks 'bench'")
    conninfo = {
        "host": db["HOST"] or "127.0.0.1",
        "port": db["PORT"] or 5432,
        "user": db["USER"] or "postgres",
        "dbname": "postgres",
    }
    if db["PASSWORD"]:
        conninfo["password"] = db["PASSWORD"]
    name = sql.Identifier(db["NAME"])
    with psycopg.connect(**conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def setup_django(args) -> Path | None:
    """Point DATABASE_URL at a fresh database, start Django, migrate."""
    work = None
    if args.db == "sqlite":
        work = Path(tempfile.mkdtemp(prefix="bench-search-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench_search.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = args.pg_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.dev"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    if args.db == "postgres":
        fresh_postgres()
    # Production runs with DEBUG off: no per-query logging in the timings.
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    return work


def git_state() -> dict:
    """The commit measured, and project files changed since (not bench/)."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()

    changed = git("status", "--short", "--", "toasoan").splitlines()
    return {"commit": git("rev-parse", "--short", "HEAD"), "changed": changed}


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            return "SQLite " + cursor.fetchone()[0]
        cursor.execute("SHOW server_version")
        return "PostgreSQL " + cursor.fetchone()[0]


# -- text -------------------------------------------------------------------


class Writer:
    """Vietnamese-looking text from VOCABULARY with Zipf word frequencies."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.words = list(dict.fromkeys(VOCABULARY))
        weights = [1 / (rank + 1) ** 1.07 for rank in range(len(self.words))]
        shuffled = self.words[:]
        rng.shuffle(shuffled)  # frequency independent of the list's order
        self.by_rank = shuffled
        total, self.cum = 0.0, []
        for weight in weights:
            total += weight
            self.cum.append(total)

    def words_(self, count: int) -> list[str]:
        return self.rng.choices(self.by_rank, cum_weights=self.cum, k=count)

    def sentence(self, count: int) -> str:
        chosen = self.words_(count)
        return " ".join([chosen[0].capitalize(), *chosen[1:]])

    def title(self) -> str:
        return self.sentence(self.rng.randint(6, 12))

    def body(self) -> list[str]:
        """80-150 words in 2-4 paragraphs of sentences."""
        total = self.rng.randint(80, 150)
        paragraphs = self.rng.randint(2, 4)
        sizes = [total // paragraphs] * paragraphs
        sizes[-1] += total - sum(sizes)
        result = []
        for size in sizes:
            sentences, left = [], size
            while left > 0:
                length = min(left, self.rng.randint(8, 18))
                sentences.append(self.sentence(length) + ".")
                left -= length
            result.append(" ".join(sentences))
        return result


# -- pages ------------------------------------------------------------------


def make_sections():
    from toasoan.news.tests.factories import make_section

    return [make_section(title=title) for title in SECTIONS]


def make_people(writer: Writer):
    from toasoan.news.models import Author, Tag
    from toasoan.vietnamese import slugify

    rng = writer.rng
    family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ"]
    middle = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh"]
    given = ["An", "Bình", "Châu", "Dũng", "Giang", "Hạnh", "Khoa", "Linh", "Phúc"]
    authors = []
    for i in range(200):
        name = f"{rng.choice(family)} {rng.choice(middle)} {rng.choice(given)}"
        authors.append(Author(name=name, slug=f"{slugify(name)}-{i}"))
    tags = {}
    while len(tags) < 150:
        name = " ".join(writer.words_(2)).capitalize()
        tags.setdefault(slugify(name), name)
    tags = [Tag(name=name, slug=slug) for slug, name in tags.items()]
    return Author.objects.bulk_create(authors), Tag.objects.bulk_create(tags)


def article(writer: Writer, i: int, section, child: int, plants: dict):
    """One unsaved ArticlePage laid out as treebeard's add_child would."""
    from wagtail.models import Page

    from toasoan.news.models import ArticlePage
    from toasoan.vietnamese import slugify

    rng = writer.rng
    title = writer.title()
    paragraphs = writer.body()
    if i in plants:
        word, where = plants[i]
        if where == "title":
            title = f"{title} {word}"
        else:
            paragraphs[0] = f"{paragraphs[0]} {word} nổi tiếng."
    slug = f"{slugify(title)[:200]}-{i}"
    when = datetime(2025, 6, 1, tzinfo=UTC) - timedelta(
        seconds=rng.randrange(3 * 365 * 86400)
    )
    body = [
        {
            "type": "paragraph",
            "value": f"<p>{text}</p>",
            "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        }
        for text in paragraphs
    ]
    return ArticlePage(
        title=title,
        draft_title=title,
        slug=slug,
        path=Page._get_path(section.path, section.depth + 1, child),
        depth=section.depth + 1,
        numchild=0,
        url_path=f"{section.url_path}{slug}/",
        translation_key=uuid.UUID(int=rng.getrandbits(128), version=4),
        locale_id=section.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=when,
        last_published_at=when,
        published_at=when,
        lead=writer.sentence(rng.randint(15, 30)) + ".",
        body=json.dumps(body, ensure_ascii=False),
    )


def insert(model, objs, fields, returning=False):
    """Multi-row INSERTs of `fields`, as Model.save() does one table at a time."""
    from django.db import connection

    size = max(1, min(500, connection.ops.bulk_batch_size(fields, objs)))
    returned = []
    for start in range(0, len(objs), size):
        rows = model._base_manager._insert(
            objs[start : start + size],
            fields=fields,
            returning_fields=model._meta.db_returning_fields if returning else None,
            using="default",
        )
        returned.extend(rows or [])
    return returned


def create_articles(count: int, writer: Writer, plants: dict) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from wagtail.models import Page

    from toasoan.news.models import ArticleAuthor, ArticlePage, TaggedArticle

    started = time.perf_counter()
    sections = make_sections()
    authors, tags = make_people(writer)
    rng = writer.rng
    content_type = ContentType.objects.get_for_model(ArticlePage)
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    local_fields = list(ArticlePage._meta.local_concrete_fields)
    children = [0] * len(sections)
    for start in range(0, count, 1000):
        objs = []
        for i in range(start, min(count, start + 1000)):
            which = rng.randrange(len(sections))
            children[which] += 1
            obj = article(writer, i, sections[which], children[which], plants)
            obj.content_type = content_type
            objs.append(obj)
        with transaction.atomic():
            rows = insert(Page, objs, page_fields, returning=True)
            if len(rows) != len(objs):
                raise BenchError("the database did not return the new page ids")
            for obj, (pk,) in zip(objs, rows, strict=True):
                obj.id = obj.page_ptr_id = pk
            insert(ArticlePage, objs, local_fields)
            bylines, tagged = [], []
            for obj in objs:
                for order, author in enumerate(rng.sample(authors, rng.randint(1, 2))):
                    bylines.append(
                        ArticleAuthor(page_id=obj.pk, author=author, sort_order=order)
                    )
                for tag in rng.sample(tags, rng.randint(0, 3)):
                    tagged.append(TaggedArticle(content_object_id=obj.pk, tag=tag))
            ArticleAuthor.objects.bulk_create(bylines, batch_size=500)
            TaggedArticle.objects.bulk_create(tagged, batch_size=500)
    for section, number in zip(sections, children, strict=True):
        Page.objects.filter(pk=section.pk).update(numchild=number)
    seconds = time.perf_counter() - started
    if count <= 200_000:
        problems = [len(p) for p in Page.find_problems()]
    else:  # find_problems makes two queries a page: 20 minutes at 1,000,000
        problems = [
            Page.objects.filter(pk=section.pk, numchild=number).count() != 1
            for section, number in zip(sections, children, strict=True)
        ]
    if any(problems):
        raise BenchError(f"treebeard finds problems in the tree: {problems}")
    return {"seconds": seconds, "sections": len(sections)}


def index_chunks(queryset, backend, atomic=True) -> int:
    """add_bulk() 1000 articles at a time, in pk order, as update_index does."""
    from django.db import transaction

    from toasoan.news.models import ArticlePage

    done, last = 0, 0
    while True:
        chunk = list(queryset.filter(pk__gt=last).order_by("pk")[:1000])
        if not chunk:
            return done
        if atomic:
            with transaction.atomic():
                backend.add_bulk(ArticlePage, chunk)
        else:
            backend.add_bulk(ArticlePage, chunk)
        done += len(chunk)
        last = chunk[-1].pk


def index_worker(args) -> int:
    """Child process: index the articles whose pk is in [low, high)."""
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    low, high = (int(v) for v in args.index_worker.split(":"))
    queryset = ArticlePage.get_indexed_objects().filter(pk__gte=low, pk__lt=high)
    queryset = queryset.prefetch_related(*PREFETCH)
    started = time.perf_counter()
    done = index_chunks(queryset, get_search_backend())
    seconds = time.perf_counter() - started
    print(json.dumps({"docs": done, "seconds": seconds}))
    return 0


def build_index(args) -> dict:
    """Index all articles: a sample exactly as `update_index` loads them (one
    process, no prefetch: search_bylines costs 2 queries per article), then
    the rest in `--workers` processes that prefetch bylines and tags."""
    from django.db import connections
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    pks = list(ArticlePage.objects.order_by("pk").values_list("pk", flat=True))
    sample = pks[: args.sample]
    started = time.perf_counter()
    queryset = ArticlePage.get_indexed_objects().filter(pk__lte=sample[-1])
    done = index_chunks(queryset, get_search_backend(), atomic=False)
    sample_s = time.perf_counter() - started
    rest = pks[len(sample) :]
    connections.close_all()
    workers = []
    if rest:
        bounds = [rest[len(rest) * k // args.workers] for k in range(args.workers)]
        bounds.append(rest[-1] + 1)
        started_rest = time.perf_counter()
        for low, high in itertools.pairwise(bounds):
            command = [sys.executable, __file__, "--db", args.db]
            command += ["--index-worker", f"{low}:{high}"]
            workers.append(subprocess.Popen(command, stdout=subprocess.PIPE, text=True))
        reports = []
        for worker in workers:
            output, _ = worker.communicate()
            if worker.returncode:
                raise BenchError(f"index worker failed ({worker.returncode})")
            reports.append(json.loads(output.strip().splitlines()[-1]))
        rest_s = time.perf_counter() - started_rest
        done += sum(r["docs"] for r in reports)
    seconds = time.perf_counter() - started
    if done != len(pks):
        raise BenchError(f"indexed {done} articles out of {len(pks)}")
    result = {
        "seconds": seconds,
        "docs": done,
        "docs_per_s": done / seconds,
        "update_index_path_docs": len(sample),
        "update_index_path_docs_per_s": len(sample) / sample_s,
    }
    if rest:
        result |= {
            "workers": args.workers,
            "prefetch_path_docs_per_s": len(rest) / rest_s,
            "prefetch_per_worker_docs_per_s": statistics.fmean(
                r["docs"] / r["seconds"] for r in reports
            ),
        }
    return result


def analyze() -> float:
    """Planner statistics, as autovacuum (PostgreSQL) would have gathered."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor != "sqlite" else "ANALYZE")
    return time.perf_counter() - started


# -- checks and timings -----------------------------------------------------


def service_search(query: str):
    from toasoan.search.service import Filters, run

    return run(Filters(query=query, types=["bai-viet"]))


def raw_search(query: str):
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    backend = get_search_backend()
    return list(backend.search(query, ArticlePage.objects.live())[:10])


def sanity_check(count: int, plants: dict, rng: random.Random, limit: float) -> list:
    from toasoan.news.models import ArticlePage
    from toasoan.vietnamese import fold

    live = ArticlePage.objects.live().public().count()
    if live != count:
        raise BenchError(f"{live} live public articles, expected {count}")
    checks = []
    for i, (word, _where) in plants.items():
        expected = ArticlePage.objects.get(slug__endswith=f"-{i}")
        for query in (word, fold(word), word.lower()):
            outcome = service_search(query)
            got = [r.url for r in outcome.results]
            ok = outcome.count == 1 and got and got[0].endswith(expected.url_path[5:])
            checks.append({"query": query, "count": outcome.count, "ok": bool(ok)})
            if not ok:
                raise BenchError(f"{query!r}: {outcome.count} results, {got[:3]}")
    for pk in rng.sample(list(ArticlePage.objects.values_list("pk", flat=True)), 5):
        # Informative only (ranking is not what this bench checks), and
        # stopped after `limit` seconds: a whole title is many common words.
        target = ArticlePage.objects.get(pk=pk)
        check = {"query": target.title, "count": None, "rank": "timeout"}
        try:
            with time_limit(limit):
                outcome = service_search(target.title)
        except QueryTimeout:
            checks.append(check)
            continue
        urls = [r.url for r in outcome.results]
        check["count"] = outcome.count
        check["rank"] = next(
            (n for n, u in enumerate(urls, 1) if u.endswith(target.url_path[5:])),
            None,
        )
        checks.append(check)
    return checks


def make_queries(writer: Writer, words: int, count: int) -> list[str]:
    from toasoan.search.text import has_diacritics
    from toasoan.vietnamese import fold

    rng = writer.rng
    accented = [w for w in writer.words if has_diacritics(w)]
    queries = []
    for i in range(count):
        if i % 2 == 0:
            queries.append(" ".join(rng.choices(accented, k=words)))
        else:
            queries.append(
                " ".join(fold(w) for w in rng.choices(writer.words, k=words))
            )
    return queries


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summary(times: list[float], timeouts: int) -> dict:
    """Percentiles; a query stopped at the time limit counts as the limit."""
    return {
        "n": len(times),
        "timeouts": timeouts,
        "p50_ms": round(percentile(times, 0.50), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "mean_ms": round(statistics.fmean(times), 1),
    }


class QueryTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Stop the database work of one call after `seconds`."""
    from django.db import OperationalError, connection

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        deadline = time.perf_counter() + seconds
        raw = connection.connection
        raw.set_progress_handler(lambda: time.perf_counter() > deadline, 20_000)
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {int(seconds * 1000)}")
    try:
        yield
    except OperationalError as error:
        if "interrupted" in str(error) or "statement timeout" in str(error):
            raise QueryTimeout from error
        raise
    finally:
        if connection.vendor == "sqlite":
            raw.set_progress_handler(None, 0)
        else:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")


def timed(function, queries: list[str], limit: float, budget: float) -> dict:
    """Run queries in order until `budget` seconds are spent."""
    times, done, timeouts = [], [], 0
    started = time.perf_counter()
    for query in queries:
        if time.perf_counter() - started > budget:
            break
        begin = time.perf_counter()
        try:
            with time_limit(limit):
                function(query)
            elapsed = (time.perf_counter() - begin) * 1000
        except QueryTimeout:
            elapsed = (time.perf_counter() - begin) * 1000
        if elapsed >= limit * 1000:
            timeouts += 1
            elapsed = limit * 1000
        times.append(elapsed)
        done.append(query)
    return {"times": times, "queries": done, "timeouts": timeouts}


def hits(query: str, limit: float) -> int | None:
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    backend = get_search_backend()
    try:
        with time_limit(limit):
            return backend.search(query, ArticlePage.objects.live()).count()
    except QueryTimeout:
        return None


def latencies(writer: Writer, args) -> tuple[dict, list]:
    sets = {n: make_queries(writer, n, args.queries) for n in (1, 2, 4)}
    warm = make_queries(writer, 4, args.warmup) + make_queries(writer, 2, args.warmup)
    for function in (service_search, raw_search):
        timed(function, warm, args.limit, args.budget / 2)
    report, samples = {}, []
    for words, queries in sets.items():
        service = timed(service_search, queries, args.limit, args.budget)
        raw = timed(raw_search, queries, args.limit, args.budget)
        counts = [hits(q, args.limit) for q in service["queries"]]
        known = [c for c in counts if c is not None]
        report[f"{words}_word"] = {
            "service": summary(service["times"], service["timeouts"]),
            "raw": summary(raw["times"], raw["timeouts"]),
            "hits_median": int(statistics.median(known)) if known else None,
            "hits_max": max(known) if known else None,
        }
        samples += zip(service["times"], service["queries"], counts, strict=True)
    return report, samples, sets


# -- diagnosis --------------------------------------------------------------


def explain(sql: str) -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            return [f"{row[1]:>3} {row[3]}" for row in cursor.fetchall()]
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return [row[0] for row in cursor.fetchall()]


def diagnose(query: str, limit: float) -> dict:
    """Where one slow service.run spends its time: SQL statements and Python."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured, time_limit(limit):
        started = time.perf_counter()
        service_search(query)
        total = (time.perf_counter() - started) * 1000
    statements = [
        {"ms": round(float(q["time"]) * 1000, 1), "sql": q["sql"]}
        for q in captured.captured_queries
    ]
    slowest = max(statements, key=lambda s: s["ms"])
    profile = cProfile.Profile()
    with time_limit(limit):
        profile.enable()
        service_search(query)
        profile.disable()
    stream = io.StringIO()
    pstats.Stats(profile, stream=stream).sort_stats("tottime").print_stats(8)
    with time_limit(limit):
        plan = explain(slowest["sql"])
    return {
        "query": query,
        "total_ms": round(total, 1),
        "sql_ms": round(sum(s["ms"] for s in statements), 1),
        "statements": [{"ms": s["ms"], "sql": s["sql"][:300]} for s in statements],
        "slowest_sql": slowest["sql"],
        "plan": plan,
        "profile": [line for line in stream.getvalue().splitlines() if line.strip()][
            :16
        ],
    }


def search_sql(query: str) -> tuple[str, list]:
    """The SQL and parameters backend.search() runs for live articles."""
    from wagtail.search.backends import get_search_backend

    from toasoan.news.models import ArticlePage

    found = get_search_backend().search(query, ArticlePage.objects.live())
    sql, params = found[:10].get_queryset().query.sql_with_params()
    return sql, list(params)


SQLITE_RANK_ONCE = """
SELECT p.id, s.score FROM (
    SELECT e.object_id AS object_id, bm25(wagtailsearch_indexentry_fts) AS score
    FROM wagtailsearch_indexentry_fts f
    JOIN wagtailsearch_indexentry e ON f.rowid = e.id
    WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s
) s JOIN wagtailcore_page p ON p.id = CAST(s.object_id AS INTEGER)
WHERE p.live ORDER BY s.score LIMIT 10
"""
SQLITE_COUNT = """
SELECT count(*) FROM wagtailsearch_indexentry_fts f
JOIN wagtailsearch_indexentry e ON f.rowid = e.id
JOIN wagtailcore_page p ON p.id = CAST(e.object_id AS INTEGER)
WHERE wagtailsearch_indexentry_fts MATCH %s AND e.content_type_id = %s AND p.live
"""


def rank_once(query: str) -> None:
    """SQLite: the hand SQL that ranks each match once (top 10, then count)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from toasoan.news.models import ArticlePage

    _sql, params = search_sql(query)
    match = next(p for p in params if isinstance(p, str) and p.startswith("{"))
    content_type = ContentType.objects.get_for_model(ArticlePage).pk
    with connection.cursor() as cursor:
        for sql in (SQLITE_RANK_ONCE, SQLITE_COUNT):
            cursor.execute(sql, [match, content_type])
            cursor.fetchall()


PG_INDEX = "bench_whatif_title_body_gin"


def what_if(sets: dict, args) -> dict:
    """What a fix would give, measured on this database (no project change).

    SQLite: hand-written SQL ranking each match once, joined to live pages,
    plus its count. PostgreSQL: the unchanged service.run after adding a GIN
    index on the expression the backend filters on, (title || body).
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        function, label = rank_once, "hand SQL ranking once (top 10 + count)"
        setup_s = 0.0
    else:
        function, label = service_search, f"service.run with GIN index {PG_INDEX}"
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE INDEX {PG_INDEX} ON wagtailsearch_indexentry "
                "USING gin ((title || body))"
            )
            cursor.execute("ANALYZE wagtailsearch_indexentry")
        setup_s = time.perf_counter() - started
    result = {"what": label, "setup_s": round(setup_s, 1)}
    for words, queries in sets.items():
        run = timed(function, queries[: args.what_if], args.limit, args.budget)
        result[f"{words}_word"] = summary(run["times"], run["timeouts"])
    return result


# -- report -----------------------------------------------------------------


def cell(value: float, limit_ms: float) -> str:
    return f">{value:,.0f}" if value >= limit_ms else f"{value:,.1f}"


def print_report(result: dict) -> None:
    limit_ms = result["limit_s"] * 1000
    creation, index = result["creation"], result["index"]
    print(
        f"\n{result['server']}: {result['articles']:,} articles, "
        f"nproc {result['nproc']}, 1-min load {result['load_average_1min']}\n"
        f"  create pages {creation['seconds']:.1f} s "
        f"({result['articles'] / creation['seconds']:,.0f} pages/s); index "
        f"{index['seconds']:.1f} s ({index['docs_per_s']:,.0f} docs/s; "
        f"update_index path {index['update_index_path_docs_per_s']:,.0f}/s, "
        f"prefetching workers {index.get('prefetch_per_worker_docs_per_s', 0):,.0f}"
        f"/s each)\n"
    )
    columns = ("p50 ms", "p95 ms", "max ms", "mean ms", "n", "t/o", "hits med")
    print(f"{'query':<8}{'path':<9}" + "".join(f"{c:>10}" for c in columns))
    for key, row in result["latency"].items():
        for path in ("service", "raw"):
            s = row[path]
            values = [cell(s[k], limit_ms) for k in ("p50_ms", "p95_ms", "max_ms")]
            values += [cell(s["mean_ms"], 10**9), s["n"], s["timeouts"]]
            values.append(f"{row['hits_median'] or 0:,}" if path == "service" else "")
            print(f"{key:<8}{path:<9}" + "".join(f"{v:>10}" for v in values))
    diagnosis = result["diagnosis"]
    print(
        f"\nslowest finished service query {diagnosis['query']!r}: "
        f"{diagnosis['total_ms']} ms, {diagnosis['sql_ms']} ms in SQL"
    )
    for statement in diagnosis["statements"]:
        print(f"  {statement['ms']:>9.1f} ms  {statement['sql'][:100]}")
    print("  plan of the slowest statement:")
    for line in diagnosis["plan"][:25]:
        print("    " + line[:110])
    what = result["what_if"]
    print(f"\nwhat if: {what['what']} (setup {what['setup_s']} s)")
    for key in ("1_word", "2_word", "4_word"):
        s = what[key]
        values = [cell(s[k], limit_ms) for k in ("p50_ms", "p95_ms", "max_ms")]
        values += [cell(s["mean_ms"], 10**9), s["n"], s["timeouts"]]
        print(f"{key:<17}" + "".join(f"{v:>10}" for v in values))


def main() -> int:
    args = parse_args()
    if args.index_worker:
        os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.dev"
        import django
        from django.conf import settings

        django.setup()
        settings.DEBUG = False
        return index_worker(args)
    state = git_state()  # the code this process loads
    work = setup_django(args)
    try:
        rng = random.Random(args.seed)
        writer = Writer(rng)
        picks = rng.sample(range(args.articles), len(PLANTED_TITLE + PLANTED_BODY))
        plants = {
            i: (word, "title" if word in PLANTED_TITLE else "body")
            for i, word in zip(picks, PLANTED_TITLE + PLANTED_BODY, strict=True)
        }
        print(f"creating {args.articles:,} articles ({args.db})...", flush=True)
        creation = create_articles(args.articles, writer, plants)
        print(f"  {creation['seconds']:.1f} s; indexing...", flush=True)
        index = build_index(args)
        print(f"  {index['seconds']:.1f} s; analyze, sanity check...", flush=True)
        analyze_s = analyze()
        checks = sanity_check(args.articles, plants, rng, args.limit)
        print("  timing queries...", flush=True)
        load = {"before_queries": os.getloadavg()[0]}
        report, samples, sets = latencies(writer, args)
        load["after_queries"] = os.getloadavg()[0]
        finished = [x for x in samples if x[0] < args.limit * 1000] or samples
        slowest = max(finished)
        result = {
            "database": args.db,
            "server": server_version(),
            "articles": args.articles,
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "when": datetime.now(UTC).isoformat(timespec="seconds"),
            "seed": args.seed,
            "git": state,
            "limit_s": args.limit,
            "load_average_1min": load,
            "creation": {k: round(v, 2) for k, v in creation.items()},
            "index": {k: round(v, 2) for k, v in index.items()},
            "analyze_s": round(analyze_s, 2),
            "sanity_checks": checks,
            "latency": report,
            "slowest_queries": [
                {"ms": round(ms, 1), "query": q, "hits": h}
                for ms, q, h in sorted(samples, reverse=True)[:10]
            ],
            "diagnosis": diagnose(slowest[1], 10 * args.limit),
            "what_if": what_if(sets, args),
        }
        print_report(result)
        out = args.out or OUT_DIR / f"search_speed_{args.db}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        print(f"\nwritten {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
        return 0
    except BenchError as error:
        print(f"FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if work is not None:
            if args.keep:
                print(f"kept {work}")
            else:
                shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
