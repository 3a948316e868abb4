"""Background flush of the article view counters (django-tasks)."""

from django_tasks import task

from . import views_count


@task()
def flush_view_counts():
    """Move cached view counts to the database and drop week-old rows."""
    written = views_count.flush()
    views_count.prune()
    return written
