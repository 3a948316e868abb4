"""What a video's page announces in its <head> (toasoan.seo.meta.head)."""

from toasoan.seo import jsonld
from toasoan.seo.meta import describe, image_of

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
        "structured_data": [video_object(request, video, url=url, thumbnail=thumb)],
    }


def video_object(request, video, *, url, thumbnail=None):
    """The clip as a schema.org VideoObject."""
    sources = video.sources()
    return jsonld.node(
        "VideoObject",
        name=video.title,
        description=video.description or video.title,
        thumbnailUrl=[thumbnail] if thumbnail else [],
        uploadDate=jsonld.iso(video.published_at or video.created_at),
        duration=jsonld.iso_duration(video.duration),
        contentUrl=jsonld.absolute(request, sources[0]["url"]) if sources else None,
        url=url,
        inLanguage="vi",
        publisher=jsonld.publisher(request),
    )
