"""What a comment's change purges (toasoan.pagecache); from CommentsConfig.ready."""

from toasoan.pagecache import rules, tags

from .models import Comment, CommentSettings


def comment_changed(comment, created):
    """A reader's new comment waits for moderation: no page changes yet."""
    if created and comment.status != comment.Status.APPROVED:
        return ()
    return (tags.comments(comment.article_id),)


def register():
    rules.model(Comment, changed=comment_changed)
    # Whether comments are open shows on every article.
    rules.model(CommentSettings, changed=lambda settings, created: (tags.SITE,))
