"""The newsroom's roles, as data: one place says who may do what.

The migration that creates the groups and the tests that check them both read
this module, so the two cannot drift apart. Which page types a role may create
is said by each page type, in its own app (see PAGE_TYPE_PERMISSIONS).
"""

from collections.abc import Mapping

from .page_types import add_permission, gated_page_models

WRITER = "Phóng viên"
EDITOR = "Biên tập viên"
MODERATOR = "Kiểm duyệt viên"
ADMINISTRATOR = "Quản trị"

ALL_ROLES = (WRITER, EDITOR, MODERATOR, ADMINISTRATOR)

# Page permissions granted on the root page (so on the whole tree).
PAGE_PERMISSIONS = {
    WRITER: ("add_page", "change_page"),
    EDITOR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    MODERATOR: (),
    ADMINISTRATOR: (
        "add_page",
        "change_page",
        "bulk_delete_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ),
}


# Which page types each role may create: Django's "add" permission of the page
# model (toasoan.roles.page_types reads it wherever a page type is offered).
# Each page type declares its roles itself (`creatable_by`, in its own app:
# writers write articles and upload print issues; sections are the desk's);
# the administrators get every gated page type.
class PageTypePermissions(Mapping):
    """role -> ("news.add_articlepage", ...), read from the installed page
    types' declarations at each look-up."""

    def __getitem__(self, role):
        return page_type_permissions(gated_page_models())[role]

    def __iter__(self):
        return iter(ALL_ROLES)

    def __len__(self):
        return len(ALL_ROLES)


def page_type_permissions(models):
    """role -> the "add" permissions of those of the page models `models`
    (gated ones) that the role may create."""
    return {
        role: tuple(
            add_permission(model)
            for model in models
            if role == ADMINISTRATOR or role in model.creatable_by
        )
        for role in ALL_ROLES
    }


PAGE_TYPE_PERMISSIONS = PageTypePermissions()

# Collection permissions for images and documents, on the root collection.
COLLECTION_PERMISSIONS = {
    WRITER: (
        "wagtailimages.add_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.choose_document",
    ),
    EDITOR: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    ),
    MODERATOR: (),
    ADMINISTRATOR: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
        # Wagtail reads collection management from collection permissions,
        # not from the model permissions below (granted by migration 0005).
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.delete_collection",
    ),
}

# Model permissions ("app_label.codename").
MODEL_PERMISSIONS = {
    WRITER: ("wagtailadmin.access_admin", "news.add_author", "news.change_author"),
    EDITOR: (
        "wagtailadmin.access_admin",
        "news.add_author",
        "news.change_author",
        "news.delete_author",
        "news.change_tag",
    ),
    MODERATOR: ("wagtailadmin.access_admin",),
    ADMINISTRATOR: (
        "wagtailadmin.access_admin",
        "news.add_author",
        "news.change_author",
        "news.delete_author",
        "auth.add_user",
        "auth.change_user",
        "auth.delete_user",
        "auth.add_group",
        "auth.change_group",
        "auth.delete_group",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailcore.delete_site",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.delete_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        "wagtailcore.delete_task",
        "wagtailcore.add_collection",
        "wagtailcore.change_collection",
        "wagtailcore.delete_collection",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    ),
}

# Reader-comment moderation (granted by a later migration, once the comments
# app exists).
COMMENT_PERMISSIONS = {
    WRITER: (),
    MODERATOR: (
        "comments.view_comment",
        "comments.change_comment",
        "comments.view_wordrule",
        "comments.add_wordrule",
        "comments.change_wordrule",
        "comments.delete_wordrule",
    ),
    EDITOR: (
        "comments.view_comment",
        "comments.change_comment",
        "comments.change_commentsettings",
    ),
    ADMINISTRATOR: (
        "comments.view_comment",
        "comments.change_comment",
        "comments.delete_comment",
        "comments.view_wordrule",
        "comments.add_wordrule",
        "comments.change_wordrule",
        "comments.delete_wordrule",
        "comments.change_commentsettings",
    ),
}

# The video library: writers upload and edit (their clips stay unpublished),
# editors and administrators also publish and delete.
VIDEO_PERMISSIONS = {
    WRITER: ("videos.add_video", "videos.change_video", "videos.view_video"),
    MODERATOR: (),
    EDITOR: (
        "videos.add_video",
        "videos.change_video",
        "videos.delete_video",
        "videos.view_video",
        "videos.publish_video",
    ),
    ADMINISTRATOR: (
        "videos.add_video",
        "videos.change_video",
        "videos.delete_video",
        "videos.view_video",
        "videos.publish_video",
    ),
}

# The review workflow: writers submit, editors approve (and so publish).
WORKFLOW_NAME = "Duyệt bài"
WORKFLOW_TASK_NAME = "Biên tập viên duyệt"
WORKFLOW_APPROVERS = (EDITOR, ADMINISTRATOR)
