"""Drill 1: kill -9 of a worker in the middle of an issue.

Worker A takes a freshly queued issue; once it has stored 2 pages (and not
all), A's process gets SIGKILL and worker B starts. The stalled-job check
(toasoan.background.engine.recover_stalled, on B) must queue A's task again
once A has been silent BACKGROUND_STALLED_SECONDS, and B must resume the
job (or the unit of pages A had: print_edition.units) after the pages A
stored: none lost, none twice, page 1 untouched, no job left 'doing', and
A's work folders gone.

Two variants: `run` with the project's PRINT_UNIT_PAGES (an issue of more
pages is split into units, each a task: A dies in a unit's task), and
`single`, PRINT_UNIT_PAGES=1000 for both workers (the issue in one run: B
resumes the job itself after the pages A stored).
"""

import time

from . import observe
from .issues import publish_issue


def _kill_mid_job(ctx, issue, job, names, env):
    """Start A, kill it mid-job; what was seen at that moment."""
    ctx.workers.start(names[0], env=env)
    seen, _ = observe.wait_until(
        lambda: observe.mid_job(job.pk), timeout=120 + 10 * ctx.args.pages
    )
    if seen is None:
        raise ctx.DrillError(f"worker A never got mid-job: {observe.job_row(job.pk)}")
    page1 = observe.page1_pk(issue.pk)
    wall, began = time.time(), time.monotonic()
    orphans = ctx.workers.kill9(names[0])
    return {
        "pages_done_at_kill": seen["pages_done"],
        "pages_total": seen["pages_total"],
        "page1_pk": page1,
        "wall": wall,
        "monotonic": began,
        "tool_calls_left_running": len(orphans),
        "killed_tasks": [
            {"id": row["id"], "path": row["path"]}
            for row in observe.doing_except_periodic()
        ],
        "units_at_kill": observe.units(job.pk),
        "work_folders_at_kill": ctx.work_folders(),
    }


def _since(kill, value):
    return None if value is None else round(value - kill["monotonic"], 1)


def _wait_for_recovery(ctx, job, kill):
    """Seconds from the kill until A's task started again, and until done."""
    killed = [task["id"] for task in kill["killed_tasks"]]
    budget = ctx.stalled + ctx.check + 60
    again, _ = observe.wait_until(
        lambda: observe.started_again(killed, kill["wall"]), budget
    )
    final, _ = observe.wait_until(
        lambda: observe.final_job(job.pk), budget + 15 * ctx.args.pages
    )
    done_at = time.monotonic() if final else None
    # The carriers' own status follows the task's return by a moment.
    observe.wait_until(lambda: not observe.doing_except_periodic(), 15)
    return (None if again is None else round(again, 1)), _since(kill, done_at)


def single(ctx):
    return run(ctx, "K2", ("single-A", "single-B"), {"PRINT_UNIT_PAGES": "1000"})


def run(ctx, label="K1", names=("kill-A", "kill-B"), env=None):
    issue, job = publish_issue(label, ctx.args.pages, ctx.args.dpi)
    kill = _kill_mid_job(ctx, issue, job, names, env)
    ctx.workers.start(names[1], env=env)
    again, done = _wait_for_recovery(ctx, job, kill)
    row = observe.job_row(job.pk)
    left = set(ctx.work_folders())
    pages = observe.page_audit(issue.pk, kill["pages_total"], kill["page1_pk"])
    return {
        "worker_env": env or {},
        "pages_in_pdf": ctx.args.pages,
        "pages_done_at_kill": kill["pages_done_at_kill"],
        "killed_tasks": kill["killed_tasks"],
        "units_at_kill": kill["units_at_kill"],
        "tool_calls_left_running_after_kill": kill["tool_calls_left_running"],
        "seconds_kill_to_running_again": again,
        "seconds_kill_to_done": done,
        "final_status": row["status"],
        "message": row["message"],
        "job_attempts": row["attempts"],
        "units_at_end": observe.units(job.pk),
        "pages": pages | {"total": kill["pages_total"]},
        "carriers": observe.carriers_report(job.pk, kill["wall"]),
        "doing_left": observe.doing(),
        "work_folders_at_kill": kill["work_folders_at_kill"],
        "work_folders_left": sorted(left),
        "work_folders_removed": not left & set(kill["work_folders_at_kill"]),
        "worker_B_alive": ctx.workers.alive(names[1]),
        "worker_B_stop": ctx.workers.stop(names[1]),
        "logs": {name: ctx.workers.log_summary(name) for name in names},
    }


def line(result):
    pages = result["pages"]
    killed = ", ".join(
        task["path"].rsplit(".", 1)[-1] for task in result["killed_tasks"]
    )
    units = "one run" if result["worker_env"] else "in units"
    return (
        f"kill -9 mid-issue ({units}): killed at page {result['pages_done_at_kill']}"
        f"/{pages['total']} (in {killed or 'no task'}); running again after "
        f"{result['seconds_kill_to_running_again']} s, done after "
        f"{result['seconds_kill_to_done']} s ({result['final_status']}); "
        f"pages lost {pages['missing']}, duplicated "
        f"{pages['duplicated'] or 'none'}, page 1 kept {pages['page1_pk_kept']}; "
        f"'doing' left {len(result['doing_left'])}; A's work folders removed "
        f"{result['work_folders_removed']}"
    )
