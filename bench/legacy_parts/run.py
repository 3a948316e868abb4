"""One run: the pages, a fresh database, two imports and the queue drained."""

import os
import platform
import time
from pathlib import Path

from .common import git_commit
from .database import Database, analyzing, fresh_database
from .report import rounded
from .steps import DRAIN, counts, expect, generate, import_run, manage


def bench(args, work: Path) -> dict:
    folder = work / "pages"
    print(f"Generating {args.files} pages in {folder} ...", flush=True)
    generate_s = generate(folder, args.files, args.seed)

    database = fresh_database(args.database_url, work)
    if database.analyze:
        database.maintenance += f" every {args.analyze_every:g} s"
    vendor = database.vendor
    env = {
        **os.environ,
        "DATABASE_URL": database.url,
        "DJANGO_SETTINGS_MODULE": args.settings,
        "PYTHONUNBUFFERED": "1",
    }
    print(f"Migrating a fresh {vendor} database ...", flush=True)
    migrate = manage(env, work / "migrate.log", "migrate", "--noinput")

    first, second, after = import_twice(args, env, work, database, folder)
    drain = None
    if args.drain:
        drain = drain_queue(args, env, work, database, after["tasks_ready"])

    return {
        "files": args.files,
        "seed": args.seed,
        "database": vendor,
        "maintenance": database.maintenance,
        "settings": args.settings,
        "articles": after["articles"],
        "tasks_queued": after["tasks_ready"],
        "drain": rounded(drain) if drain else None,
        "generate_s": round(generate_s, 2),
        "migrate_s": round(migrate["wall_s"], 2),
        "first_import": rounded(first),
        "second_import": rounded(second),
        "machine": {
            "nproc": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "commit": git_commit(),
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


def import_twice(args, env: dict, work: Path, database: Database, folder: Path):
    """The first import (every file new), then the second (every file
    unchanged), then the counts: each checked; (first, second, counts)."""
    print("First import (every file new) ...", flush=True)
    with analyzing(database, args.analyze_every):
        first = import_run(env, work / "import-1.log", folder)
    expect("first import, created", first["created"], args.files)
    expect("first import, failed", first["failed"], 0)

    print("Second import (every file unchanged) ...", flush=True)
    with analyzing(database, args.analyze_every):
        second = import_run(env, work / "import-2.log", folder)
    expect("second import, unchanged", second["unchanged"], args.files)

    after = counts(env, work / "count.log")
    expect("articles in the database", after["articles"], args.files)
    return first, second, after


def drain_queue(args, env: dict, work: Path, database: Database, queued: int):
    """`db_worker --batch` running the `queued` tasks, checked to leave none."""
    print(f"Draining {queued} queued tasks ...", flush=True)
    with analyzing(database, args.analyze_every):
        drain = manage(env, work / "drain.log", *DRAIN)
    drain.pop("output")
    drain["tasks_per_s"] = queued / drain["wall_s"]
    drained = counts(env, work / "count-drained.log")
    expect("tasks left after draining", drained["tasks_ready"], 0)
    expect("failed tasks", drained["tasks_failed"], 0)
    drain["search_entries"] = drained["search_entries"]
    return drain
