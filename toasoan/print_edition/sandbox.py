"""The loader's tool calls: poppler and tesseract under time and memory limits.

No Django here: every tool runs as a subprocess with a timeout and an address-
space limit (RLIMIT_AS), through `toasoan.core.tools`, so a corrupt, hostile or
huge PDF ends one call with a `ProcessingError`, never the worker.

The other loader modules call `sandbox.run` through this module (not a name
imported from it), so one patch of `sandbox.run` reaches every tool call.
`Ahead` runs tool calls in a second thread, ahead of the caller of
`loader.pages`.
"""

import shutil
import subprocess
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

from toasoan.core import tools

TOOLS = ("pdfinfo", "pdfimages", "pdftotext", "pdftoppm", "tesseract")


class ProcessingError(Exception):
    """A failure with a `code` the admin turns into a sentence for editors."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Limits:
    timeout: float = 120  # seconds per tool call
    memory: int = 2 * 1024**3  # bytes of address space per tool call
    max_bytes: int = 300 * 1024**2
    max_pages: int = 1000
    ocr_dpi: int = 300
    ocr_lang: str = "vie"
    # tesseract's OpenMP threads (OMP_THREAD_LIMIT): with more than one, on 2
    # busy CPUs its threads spin against each other: 2 A4 pages took 18 s
    # (12 s of CPU) instead of 5.5 s (3.2 s of CPU) with one (bench/README.md).
    # 0: as many as OpenMP likes.
    ocr_threads: int = 1
    display_width: int = 1400
    thumb_width: int = 240
    despeckle: bool = True


def missing_tools(lang="vie") -> list[str]:
    """Tools (and the OCR language) this machine lacks; empty when all is there."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if "tesseract" not in missing and lang not in _tesseract_languages():
        missing.append(f"tesseract-ocr-{lang}")
    return missing


@lru_cache(maxsize=1)
def _tesseract_languages():
    try:
        out = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = (out.stdout + out.stderr).decode("utf-8", "replace").splitlines()
    return frozenset(line.strip() for line in lines[1:] if line.strip())


def run(args, limits: Limits, timeout=None, env=None) -> bytes:
    """Run one tool under the limits (`core.tools`); its stdout, or a
    ProcessingError. `env`: variables to set for this tool on top of the
    worker's. In the thread of an `Ahead`, the tool is killed when that
    stops."""
    bounds = tools.Limits(timeout=timeout or limits.timeout, memory=limits.memory)
    watcher = getattr(_thread, "ahead", None)
    try:
        return tools.run(args, bounds, env=env, watcher=watcher)
    except tools.ToolError as error:
        if error.code in ("failed", "memory") and "password" in error.stderr.lower():
            raise ProcessingError("encrypted", error.stderr[-300:]) from None
        code = "tool_failed" if error.code == "failed" else error.code
        raise ProcessingError(code, error.detail) from None


_thread = threading.local()  # .ahead: the Ahead that runs this thread


class Ahead:
    """One thread running tool calls ahead of the caller of `loader.pages`.

    Waiting for a subprocess releases the GIL, so its poppler calls use the
    second CPU while the caller parses and stores pages. `stop` kills the
    tool it is running, drops the calls not started and waits for the
    thread: once it returns, nothing more is written in the work folder.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._running = set()
        self._stopped = False
        self._executor = None

    def submit(self, function, *args) -> Future:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(
                max_workers=1,
                thread_name_prefix="print-tools",
                initializer=self._enter,
            )
        return self._executor.submit(function, *args)

    def _enter(self):
        _thread.ahead = self

    def started(self, process):
        with self._lock:
            self._running.add(process)
            if self._stopped:
                process.kill()

    def finished(self, process):
        with self._lock:
            self._running.discard(process)

    def stop(self):
        with self._lock:
            self._stopped = True
            for process in self._running:
                process.kill()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


def settled(function, *args) -> Future:
    """`function` run now in this thread: a done Future holding its result or
    its exception, raised only when its turn comes (`rendering.Chunk.finish`)."""
    done = Future()
    try:
        done.set_result(function(*args))
    except Exception as error:
        done.set_exception(error)
    return done
