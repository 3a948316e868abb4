"""The drill itself: warm the pages, load, kill Redis, start it again."""

import time

from http_parts.common import fetch

from . import load
from .own_redis import Sampler


def warm(base, paths, args, work):
    """Every address fetched once (so the page cache holds all of them),
    then a short load, so that both workers hold their blocks."""
    for path in paths:
        fetch(base + path)
    if args.warm > 0:
        load.collect(load.start(base, paths, args.connections, args.warm, work))


def drill(args, own, base, paths, work):
    """One outage under load; the wall times of its events and the counts."""
    sampler = Sampler(own.port)
    sampler.start()
    total = args.before + args.outage + args.after
    process = load.start(base, paths, args.connections, total + 1, work)
    started = time.time()
    time.sleep(args.before)
    killed = own.kill()
    time.sleep(args.outage)
    back = own.start()
    seconds, summary = load.collect(process)
    sampler.stop()
    return {
        "started": started,
        "killed": killed,
        "back": back,
        "seconds": seconds,
        "summary": summary,
        "samples": sampler.samples,
    }
