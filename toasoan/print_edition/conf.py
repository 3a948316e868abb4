"""The print edition's settings and their defaults, read from the environment
(README, "Settings"): limits of the PDF processing jobs. `toasoan.settings`
imports them."""

from toasoan.core.env import env

PRINT_MAX_PDF_BYTES = int(env("PRINT_MAX_PDF_BYTES", str(300 * 1024 * 1024)))
PRINT_MAX_PAGES = int(env("PRINT_MAX_PAGES", "1000"))
PRINT_JOB_TIMEOUT = int(env("PRINT_JOB_TIMEOUT", str(4 * 3600)))  # whole job, s
PRINT_TOOL_TIMEOUT = int(env("PRINT_TOOL_TIMEOUT", "180"))  # one tool call, s
PRINT_TOOL_MEMORY_BYTES = int(env("PRINT_TOOL_MEMORY_BYTES", str(2 * 1024**3)))
PRINT_OCR_LANG = env("PRINT_OCR_LANG", "vie")
PRINT_OCR_DPI = int(env("PRINT_OCR_DPI", "300"))
# Threads of one tesseract call (OMP_THREAD_LIMIT). One: tesseract's OpenMP
# threads spin against each other and the site on a busy server (bench/README.md);
# 0 leaves it to OpenMP.
PRINT_OCR_THREADS = int(env("PRINT_OCR_THREADS", "1"))
# Where processing jobs keep their work folders (`job-<id>` under
# `toasoan-print/`); empty: the system's temporary folder.
PRINT_WORK_ROOT = env("PRINT_WORK_ROOT", "")
# An issue of more pages is processed in units of this many pages, each
# taken by whichever worker is free (on any machine); smaller ones in one go.
PRINT_UNIT_PAGES = int(env("PRINT_UNIT_PAGES", "8"))
