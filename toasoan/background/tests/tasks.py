"""Tasks only the tests run."""

from pathlib import Path

from django_tasks import task


@task()
def write(path, text):
    Path(path).write_text(text)
    return len(text)


@task()
def fail():
    raise RuntimeError("this task always fails")
