"""Video clips' settings and their defaults, read from the environment
(README, "Settings"): upload limits and the ffmpeg tools' budget.
`toasoan.settings` imports them."""

from toasoan.core.env import env, env_list

VIDEO_MAX_BYTES = int(env("VIDEO_MAX_BYTES", str(1024 * 1024 * 1024)))
VIDEO_EXTENSIONS = env_list("VIDEO_EXTENSIONS", "mp4,webm,mov")
VIDEO_SUBTITLES_MAX_BYTES = int(env("VIDEO_SUBTITLES_MAX_BYTES", str(512 * 1024)))
VIDEO_FFMPEG = env("VIDEO_FFMPEG", "ffmpeg")
VIDEO_FFPROBE = env("VIDEO_FFPROBE", "ffprobe")
VIDEO_PROBE_TIMEOUT = int(env("VIDEO_PROBE_TIMEOUT", "30"))
VIDEO_CONVERT_TIMEOUT = int(env("VIDEO_CONVERT_TIMEOUT", "7200"))
VIDEO_TOOL_MEMORY_BYTES = int(env("VIDEO_TOOL_MEMORY_BYTES", str(4 * 1024**3)))
VIDEO_PAGE_SIZE = int(env("VIDEO_PAGE_SIZE", "12"))
VIDEO_CORNER_COUNT = int(env("VIDEO_CORNER_COUNT", "4"))
