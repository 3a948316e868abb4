"""ffprobe and ffmpeg as bounded subprocesses.

Every run has a wall-clock timeout and an address-space limit (RLIMIT_AS,
through `toasoan.core.tools`), so that a hostile or broken upload cannot hang
a worker or eat the machine's memory. Nothing here touches the database.
"""

import json
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass

from django.conf import settings

from toasoan.core import tools


class ToolMissing(Exception):
    """ffmpeg or ffprobe is not installed."""


class ToolFailed(Exception):
    """The tool could not read the file, ran out of time or of memory."""


def _binary(name):
    command = getattr(settings, f"VIDEO_{name.upper()}", name)
    path = shutil.which(command)
    if path is None:
        raise ToolMissing(name)
    return path


def available():
    try:
        _binary("ffmpeg")
        _binary("ffprobe")
    except ToolMissing:
        return False
    return True


def _limits(timeout):
    return tools.Limits(timeout=timeout, memory=settings.VIDEO_TOOL_MEMORY_BYTES)


def run(args, timeout):
    """Run a tool to completion (`core.tools`); its stdout, or ToolFailed."""
    try:
        return tools.run(args, _limits(timeout))
    except tools.ToolError as error:
        if error.code == "tool_missing":
            raise ToolMissing(args[0]) from None
        if error.code == "timeout":
            raise ToolFailed(f"timed out after {timeout}s") from None
        tail = error.stderr[-500:]
        raise ToolFailed(tail or f"exit status {error.returncode}") from None


@dataclass
class ProbeResult:
    duration: float
    width: int | None
    height: int | None
    has_audio: bool
    video_codec: str
    format_name: str


def probe(path, timeout=None):
    """What ffprobe sees in the file; ToolFailed when it is not a video."""
    out = run(
        [
            _binary("ffprobe"),
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            str(path),
        ],
        timeout or settings.VIDEO_PROBE_TIMEOUT,
    )
    try:
        data = json.loads(out or b"{}")
    except ValueError as exc:
        raise ToolFailed("unreadable ffprobe output") from exc
    streams = data.get("streams") or []
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video"
            and not (s.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    if video is None:
        raise ToolFailed("no video stream")
    try:
        duration = float(
            (data.get("format") or {}).get("duration") or video.get("duration") or 0
        )
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise ToolFailed("no duration")
    return ProbeResult(
        duration=duration,
        width=video.get("width"),
        height=video.get("height"),
        has_audio=any(s.get("codec_type") == "audio" for s in streams),
        video_codec=video.get("codec_name") or "",
        format_name=(data.get("format") or {}).get("format_name") or "",
    )


def poster_frame(source, target, duration):
    """Write one JPEG frame, taken a little into the clip, to `target`."""
    at = min(1.0, duration / 2) if duration else 0
    run(
        [
            _binary("ffmpeg"),
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-ss",
            f"{at:.3f}",
            "-i",
            str(source),
            "-frames:v",
            "1",
            "-vf",
            "scale='min(1280,iw)':-2",
            "-q:v",
            "3",
            str(target),
        ],
        settings.VIDEO_PROBE_TIMEOUT,
    )
    if not os.path.exists(target) or os.path.getsize(target) == 0:
        raise ToolFailed("no frame written")


def _web_args(source, target):
    """The ffmpeg command line for `convert_to_web`: H.264/AAC MP4, even
    dimensions, the index up front, progress on stdout."""
    return [
        _binary("ffmpeg"),
        "-nostdin",
        "-v",
        "error",
        "-y",
        "-i",
        str(source),
        "-map",
        "0:v:0",
        "-map",
        "0:a:0?",
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "23",
        "-pix_fmt",
        "yuv420p",
        "-vf",
        "scale=trunc(iw/2)*2:trunc(ih/2)*2",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-movflags",
        "+faststart",
        "-progress",
        "pipe:1",
        "-nostats",
        str(target),
    ]


def _report_progress(lines, duration, on_progress):
    """Read ffmpeg's `-progress` lines to their end, passing its position as
    a percentage (0-99) to `on_progress`."""
    for raw in lines:
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        if key == "out_time_us" and on_progress and duration:
            try:
                seconds = int(value) / 1_000_000
            except ValueError:
                continue
            on_progress(max(0, min(99, int(seconds * 100 / duration))))


def _follow(process, timeout, duration, on_progress):
    """Wait for `process`, reporting its progress; a watchdog kills it at the
    deadline even if it stops printing. Whether the deadline passed."""
    expired = threading.Event()

    def stop():
        expired.set()
        process.kill()

    watchdog = threading.Timer(timeout, stop)
    watchdog.start()
    try:
        # stderr is read after the loop: -v error keeps it tiny.
        _report_progress(process.stdout, duration, on_progress)
        process.wait()
    finally:
        watchdog.cancel()
        if process.poll() is None:
            process.kill()
            process.wait()
    return expired.is_set()


def convert_to_web(source, target, duration, on_progress=None):
    """Re-encode to H.264/AAC MP4 with the index up front (seekable on the web).

    `on_progress(percent)` is called as ffmpeg reports its position.
    """
    args = _web_args(source, target)
    timeout = settings.VIDEO_CONVERT_TIMEOUT
    try:
        process = tools.start(
            args,
            settings.VIDEO_TOOL_MEMORY_BYTES,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except tools.ToolError:
        raise ToolMissing(args[0]) from None
    if _follow(process, timeout, duration, on_progress):
        raise ToolFailed(f"timed out after {timeout}s")
    if process.returncode != 0:
        tail = process.stderr.read().decode("utf-8", "replace").strip()[-500:]
        raise ToolFailed(tail or f"exit status {process.returncode}")
    if on_progress:
        on_progress(100)
