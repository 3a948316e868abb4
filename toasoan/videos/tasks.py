"""Background work of the videos (django-tasks): the web conversion."""

from django_tasks import task


@task()
def convert_video(video_id):
    from .services import convert

    return convert(video_id)
