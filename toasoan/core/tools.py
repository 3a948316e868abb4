"""External tools (poppler, tesseract, ffmpeg) as bounded subprocesses.

No Django here: every call has a wall-clock timeout and an address-space
limit (RLIMIT_AS, no core dump), reads nothing from the worker's stdin, and
is killed and reaped on any error, so a corrupt, hostile or huge file ends
one call with a `ToolError`, never the worker. The callers
(`print_edition.loader`, `videos.ffmpeg`) turn a `ToolError` into their own
errors.
"""

import os
import resource
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache

# What the tools print when RLIMIT_AS stops them (glibc, libstdc++, libgomp).
OUT_OF_MEMORY = (
    "alloc",
    "memory",
    "map segment",
    "thread creation failed",
    "resource temporarily unavailable",
)


@dataclass(frozen=True)
class Limits:
    timeout: float = 120  # seconds per tool call
    memory: int = 2 * 1024**3  # bytes of address space per tool call


class ToolError(Exception):
    """A tool call that did not succeed.

    `code`: "tool_missing", "timeout", "memory" or "failed"; `stderr` (text)
    and `returncode` when the tool ran to its end.
    """

    def __init__(self, code, detail="", stderr="", returncode=None):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail
        self.stderr = stderr
        self.returncode = returncode


def _limit_memory(memory):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


@lru_cache(maxsize=1)
def _prlimit():
    return shutil.which("prlimit")


def limited(args, memory):
    """`args` and how to start them under the memory limit.

    util-linux's `prlimit` sets the limits on itself and then execs the tool,
    so Python starts it with vfork; a `preexec_fn` forces a full fork of the
    worker instead (about 10 ms of CPU a call in a Django worker against
    1.7 ms, bench/README.md), used only where prlimit is missing.
    """
    prlimit = _prlimit()
    if prlimit is None:
        return list(args), {"preexec_fn": _limit_memory(memory)}
    return [prlimit, f"--as={memory}", "--core=0", "--", *args], {}


def start(args, memory, env=None, **popen):
    """A `Popen` of `args` under the memory limit, stdin closed, for a caller
    that reads the tool as it runs (and bounds its time itself).
    `env`: variables to set for this tool on top of the worker's."""
    command, options = limited(args, memory)
    if env:
        options["env"] = {**os.environ, **env}
    try:
        return subprocess.Popen(command, stdin=subprocess.DEVNULL, **options, **popen)
    except FileNotFoundError:
        raise ToolError("tool_missing", args[0]) from None


def run(args, limits: Limits, env=None, watcher=None) -> bytes:
    """Run one tool to its end under the limits; its stdout, or a ToolError.

    `watcher`: an object told `started(process)` and `finished(process)`,
    which may kill the tool meanwhile (print_edition's reading ahead)."""
    process = start(
        args, limits.memory, env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    with process:  # as subprocess.run: killed on any error, always reaped
        if watcher is not None:
            watcher.started(process)
        try:
            out, err = process.communicate(timeout=limits.timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            raise ToolError("timeout", f"{args[0]} > {limits.timeout}s") from None
        except BaseException:
            process.kill()
            raise
        finally:
            if watcher is not None:
                watcher.finished(process)
    if process.returncode != 0:
        raise _failure(args, process.returncode, err)
    return out


def _failure(args, returncode, err):
    stderr = err.decode("utf-8", "replace").strip()
    lowered = stderr.lower()
    if returncode == 127 and "no such file" in lowered:  # from prlimit
        return ToolError("tool_missing", args[0], stderr, returncode)
    if returncode < 0 or any(sign in lowered for sign in OUT_OF_MEMORY):
        code = "memory"
    else:
        code = "failed"
    return ToolError(code, f"{args[0]}: {stderr[-300:]}", stderr, returncode)
