"""What a video's change purges (toasoan.pagecache); from VideosConfig.ready."""

from toasoan.pagecache import rules, tags

from .models import Video


def register():
    rules.model(
        Video,
        changed=lambda video, created: (tags.VIDEOS,),
        image=lambda pk: (tags.VIDEOS,),
    )
