"""Drill 2: PostgreSQL stopped (pg_ctl stop -m fast) for --outage seconds
and started again, first while one worker is idle, then while a worker is
in the middle of a print job (two workers, started before the issue is
published: its units spread over them, or one takes the whole issue);
and a short outage (--short-outage, a quick restart) under an idle worker.

After each restart: is every worker process still alive (none may exit),
how long until a newly queued task (the view counts flush) has run; and for
the interrupted print job, whether it ends done, with no page lost or
stored twice, and no job left 'doing' once the stalled-job check has had
BACKGROUND_STALLED_SECONDS + BACKGROUND_CHECK_SECONDS (+ a margin) to act.
"""

import time

from . import observe
from .issues import publish_issue
from .processes import clock

MARGIN = 30  # seconds beyond STALLED + CHECK


def _outage(ctx, seconds):
    """Stop the cluster, wait, start it; the figures of the outage."""
    stopped_at = clock()
    stop = ctx.cluster.stop("fast")
    time.sleep(seconds)
    start = ctx.cluster.start()
    return {
        "stopped_at": stopped_at,
        "restarted_at": clock(),
        "stop_seconds": round(stop, 1),
        "down_seconds": seconds,
        "start_seconds": round(start, 1),
    }


def _exits(ctx, names, restarted):
    """The workers that ended: exit code, seconds after the restart."""
    return {
        name: {
            "exit_code": ctx.workers.exit_code(name),
            "seconds_after_restart": round(ctx.workers.ended[name] - restarted, 1)
            if name in ctx.workers.ended
            else None,
        }
        for name in names
        if not ctx.workers.alive(name)
    }


def _after_restart(ctx, names, restarted):
    """Liveness just after the restart and the time a new task takes."""
    alive = {name: ctx.workers.alive(name) for name in names}
    observe.reconnect()
    queued, _ = observe.wait_until(observe.enqueue_flush, 60)

    def outcome():
        if any(ctx.workers.alive(name) for name in names):
            return observe.finished_task(queued)
        return observe.finished_task(queued) or "not run: no worker left"

    status, _ = observe.wait_until(outcome, ctx.stalled + ctx.check + 120)
    return {
        "alive_after_restart": alive,
        "new_task": {
            "status": status,
            "seconds_restart_to_done": round(time.monotonic() - restarted, 1)
            if status in ("succeeded", "failed")
            else None,
        },
    }


def _ready(ctx, name):
    """Start worker `name` and wait until it has registered."""
    before = observe.newest_worker()
    ctx.workers.start(name)
    seen, _ = observe.wait_until(lambda: observe.newest_worker() > before, 60)
    if not seen:
        raise ctx.DrillError(f"{name} never registered: {ctx.workers.log_text(name)}")


def idle(ctx, seconds=None, name="idle-W"):
    _ready(ctx, name)
    time.sleep(2)
    outage = _outage(ctx, seconds or ctx.args.outage)
    restarted = time.monotonic()
    result = {"outage": outage, **_after_restart(ctx, [name], restarted)}
    time.sleep(ctx.check)  # it must still be there once things are calm
    result["alive_at_end"] = {name: ctx.workers.alive(name)}
    result["exited"] = _exits(ctx, [name], restarted)
    result["doing_left"] = observe.doing_except_periodic()
    result["worker_stop"] = {name: ctx.workers.stop(name)}
    result["logs"] = {name: ctx.workers.log_summary(name)}
    return result


def short(ctx):
    """The idle drill with a short outage (--short-outage), as a restart of
    PostgreSQL for an upgrade would be."""
    return idle(ctx, ctx.args.short_outage, "short-W")


def _print_outcome(ctx, issue_id, job_id, total, page1, since_wall):
    """Wait for the interrupted job to end; its outcome."""
    budget = ctx.stalled + ctx.check + MARGIN + 15 * ctx.args.pages
    final, _ = observe.wait_until(lambda: observe.final_job(job_id), budget)
    ended = time.monotonic()
    observe.wait_until(
        lambda: not observe.doing_except_periodic(), ctx.stalled + ctx.check + MARGIN
    )
    row = observe.job_row(job_id)
    return {
        "finished": bool(final and final["status"] == "done"),
        "ended_monotonic": ended if final else None,
        "status": row["status"],
        "message": row["message"],
        "job_attempts": row["attempts"],
        "pages_done": row["pages_done"],
        "units": observe.units(job_id),
        "pages": observe.page_audit(issue_id, total, page1) | {"total": total},
        "carriers": observe.carriers_report(job_id, since_wall),
        "doing_left": observe.doing(),
        "doing_left_tasks": observe.doing_except_periodic(),
    }


def busy(ctx):
    """Both workers started first; the issue then spreads over them (its
    units) or goes to one; PostgreSQL stops once 2 pages are stored."""
    names = ["outage-W1", "outage-W2"]
    for name in names:
        _ready(ctx, name)
    issue, job = publish_issue("O2", ctx.args.pages, ctx.args.dpi)
    seen, _ = observe.wait_until(
        lambda: observe.mid_job(job.pk), timeout=120 + 10 * ctx.args.pages
    )
    if seen is None:
        raise ctx.DrillError(f"no worker got mid-job: {observe.job_row(job.pk)}")
    page1, wall = observe.page1_pk(issue.pk), time.time()
    at_stop = {"running": observe.doing_except_periodic()}
    at_stop["units"] = observe.units(job.pk)
    outage = _outage(ctx, ctx.args.outage)
    restarted = time.monotonic()
    result = {"pages_done_at_stop": seen["pages_done"], "at_stop": at_stop}
    result |= {"outage": outage, **_after_restart(ctx, names, restarted)}
    job_end = _print_outcome(ctx, issue.pk, job.pk, seen["pages_total"], page1, wall)
    ended = job_end.pop("ended_monotonic")
    job_end["seconds_restart_to_end"] = (
        None if ended is None else round(ended - restarted, 1)
    )
    result["print_job"] = job_end
    result["alive_at_end"] = {name: ctx.workers.alive(name) for name in names}
    result["exited"] = _exits(ctx, names, restarted)
    result["work_folders_left"] = ctx.work_folders()
    result["worker_stop"] = {name: ctx.workers.stop(name) for name in names}
    result["logs"] = {name: ctx.workers.log_summary(name) for name in names}
    return result


def line(kind, result):
    exited = ", ".join(
        f"{name} exited (code {gone['exit_code']}, "
        f"{gone['seconds_after_restart']} s after the restart)"
        for name, gone in result["exited"].items()
    )
    text = (
        f"PostgreSQL down {result['outage']['down_seconds']} s, worker {kind}: "
        f"{exited or 'all workers alive'}; new task "
        f"{result['new_task']['status']} "
        f"{result['new_task']['seconds_restart_to_done']} s after the restart"
    )
    job = result.get("print_job")
    if job:
        pages = job["pages"]
        ended = (
            f"after {job['seconds_restart_to_end']} s"
            if job["finished"]
            else "at the end of the wait"
        )
        text += (
            f"; print job (stopped at page {result['pages_done_at_stop']}/"
            f"{pages['total']}) {job['status']} {ended}, pages lost "
            f"{pages['missing']}, duplicated {pages['duplicated'] or 'none'}; "
            f"'doing' left {len(job['doing_left_tasks'])}"
        )
    return text
