"""What a video's page announces in its <head> (toasoan.reach.meta.head)."""

from toasoan.reach import jsonld
from toasoan.reach.meta import describe, image_of

OG_RENDITION = "width-1280"  # the player's poster (queries.PLAYER_RENDITION)


def video_head(video, request, context):
    path = video.get_absolute_url()
    url = jsonld.absolute(request, path)
    image = image_of(request, video.poster, OG_RENDITION)
    thumb = image["url"] if image else None
    return {
        "path": path,
        "og_type": "video.other",
        "title": video.title,
        "description": describe(video.description),
        "image": image,
        "published": jsonld.iso(video.published_at),
        "structured_data": [
            jsonld.video_object(request, video, url=url, thumbnail=thumb)
        ],
    }
