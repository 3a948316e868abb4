"""Background work of the videos (django-tasks): the web conversion."""

from django_tasks import task

from .conversion import convert


@task()
def convert_video(video_id):
    return convert(video_id)
