"""Every subject against every admin address and public API: no leaks.

The table below is the design: for each admin address, who may use it (the
others must be sent to sign in, refused, or not find it); for each public
address, what it must show and what it must never show, to anyone. A leak is
a subject getting what the table denies it: an "allowed" answer, or for a POST
the change made in the database. How answers are classified: see matrix.py.

Each combination is a test of its own (``-k "writer and publish"`` picks
some); the run ends with a count of combinations and leaks.

The world (users, pages, media, comments...) is built once for the module;
every combination runs in its own savepoint, so a POST that works (an editor
deleting a page) is undone before the next one.
"""

import inspect
from datetime import date, timedelta

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.log_actions import log
from wagtail.models import Page, PageViewRestriction, Revision, Workflow
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from toasoan.comments.models import Comment, CommentSettings, WordRule
from toasoan.comments.moderation import undo_token
from toasoan.news.models import ArticlePage, Author, SectionPage
from toasoan.news.tests import factories
from toasoan.print_edition.models import (
    PrintArchivePage,
    PrintIssuePage,
    ProcessingJob,
)
from toasoan.roles import definitions as roles
from toasoan.videos.models import Video
from toasoan.videos.tests.factories import make_video

from . import matrix as m
from .matrix import (
    ADMINISTRATOR,
    ANONYMOUS,
    EDITOR,
    MODERATOR,
    NO_GROUP,
    POST,
    SUBJECTS,
    SUPERUSER,
    WRITER,
    Admin,
    Public,
)

# Who, in the words of definitions.py and docs/editors-guide.md.
EVERY_ROLE = frozenset({WRITER, EDITOR, MODERATOR, ADMINISTRATOR, SUPERUSER})
NEWSROOM = frozenset({WRITER, EDITOR, ADMINISTRATOR, SUPERUSER})  # write pages
PUBLISHERS = frozenset({EDITOR, ADMINISTRATOR, SUPERUSER})
COMMENT_MODERATORS = frozenset({EDITOR, MODERATOR, ADMINISTRATOR, SUPERUSER})
WORD_LIST = frozenset({MODERATOR, ADMINISTRATOR, SUPERUSER})
ADMINISTRATORS = frozenset({ADMINISTRATOR, SUPERUSER})
SUPERUSERS = frozenset({SUPERUSER})

ROLE_GROUPS = {
    WRITER: roles.WRITER,
    EDITOR: roles.EDITOR,
    MODERATOR: roles.MODERATOR,
    ADMINISTRATOR: roles.ADMINISTRATOR,
}

# Titles: every secret one contains "kiểm toán", like the public article, so
# that one search finds both and must show only the public one.
PUBLIC_TITLE = "Công bố kết quả kiểm toán ngân sách"
SECRETS = {
    "draft_title": "Kiểm toán bản nháp chưa duyệt",
    "private_title": "Kiểm toán nội bộ riêng tư",
    "pending_title": "Kiểm toán sửa đổi chưa đăng",
    "scheduled_title": "Kiểm toán hẹn giờ đăng",
    "hidden_video_title": "Kiểm toán video chưa xuất bản",
    "future_video_title": "Kiểm toán video hẹn giờ",
    "processing_video_title": "Kiểm toán video đang xử lý",
    "draft_issue_title": "Kiểm toán số in nháp",
    "draft_image_title": "Ảnh kín của bản nháp",
    "private_image_title": "Ảnh kín của bài riêng tư",
    "spare_image_title": "Ảnh kín trong kho",
    "commenter_email": "ban-doc-kin@example.vn",
    "document_title": "Tài liệu nội bộ của tòa soạn",
}
NEVER_PUBLIC = tuple(SECRETS.values())
BROWSER = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36"
)


def article_form(title, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "lead": "Sapo.",
            "image": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung.</p>"))]),
            "article_authors": inline_formset([]),
            "tags": "",
            "published_at": "",
            "seo_title": "",
            "search_description": "",
            **extra,
        }
    )


def video_form(title, **extra):
    return {
        "title": title,
        "description": "",
        "section": "",
        "tags": "",
        "poster": "",
        "convert_for_web": "",
        **extra,
    }


# --- what a POST did, read back from the database --------------------------


def page_live(key):
    return lambda w: Page.objects.get(pk=w[key]).live


def page_gone(key):
    return lambda w: not Page.objects.filter(pk=w[key]).exists()


def unpublished(key):
    return lambda w: not Page.objects.get(pk=w[key]).live


def gone(model, key):
    return lambda w: not model.objects.filter(pk=w[key]).exists()


def comment_status(status):
    return lambda w: Comment.objects.get(pk=w["comment"]).status == status


def published_copy(w):
    return Page.objects.filter(slug="ban-sao-kiem-toan", live=True).exists()


def moved(w):
    return Page.objects.get(pk=w["article"]).get_parent().pk == w["other_section"]


def unscheduled(w):
    return not Revision.page_revisions.filter(
        object_id=str(w["scheduled"]), approved_go_live_at__isnull=False
    ).exists()


def made_public(w):
    return not PageViewRestriction.objects.filter(page_id=w["private"]).exists()


def reprocessed(w):
    return ProcessingJob.objects.filter(issue_id=w["issue"]).count() > w["issue_jobs"]


def section_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "",
            "intro": "",
            "seo_title": "",
            "search_description": "",
            "show_in_menus": "",
        }
    )


def issue_form(w):
    return nested_form_data(
        {
            "title": "",
            "number_label": "7",
            "year": "2023",
            "published_on": "2023-07-15",
            "cover": "",
            "pdf": w["document"],
            "intro": "",
            "contents": inline_formset([]),
            "slug": "",
            "seo_title": "",
            "search_description": "",
        }
    )


def uploaded_issue(w):
    """The issue exists, with its PDF, and its processing was requested."""
    return ProcessingJob.objects.filter(
        issue__number_label="7", issue__year=2023, document_id=w["document"]
    ).exists()


def writer_promoted(w):
    return get_user_model().objects.get(pk=w["writer_user"]).is_superuser


def user_form(w):
    writer = get_user_model().objects.get(pk=w["writer_user"])
    return {
        "username": writer.username,
        "email": "pv@example.vn",
        "first_name": "Phóng",
        "last_name": "Viên",
        "password1": "",
        "password2": "",
        "is_active": "on",
        "is_superuser": "on",
        "groups": [w["writer_group"]],
    }


# --- the design ---------------------------------------------------------------

ADMIN = [
    # Dashboard and account: everyone who may enter the admin.
    Admin("admin", "dashboard", "wagtailadmin_home", allowed=EVERY_ROLE),
    Admin("admin", "own account", "wagtailadmin_account", allowed=EVERY_ROLE),
    # Pages.
    Admin("pages", "explorer", "wagtailadmin_explore_root", allowed=NEWSROOM),
    Admin("pages", "section listing", "wagtailadmin_explore", ("{section}",), NEWSROOM),
    Admin(
        "pages",
        "search",
        "wagtailadmin_pages:search",
        allowed=NEWSROOM,
        query="?q=ki%E1%BB%83m+to%C3%A1n",
    ),
    # Wagtail opens the page chooser to anyone in the admin; it lists drafts.
    Admin(
        "pages",
        "chooser",
        "wagtailadmin_choose_page_child",
        ("{section}",),
        NEWSROOM,
    ),
    Admin(
        "pages",
        "chooser search",
        "wagtailadmin_choose_page_search",
        allowed=NEWSROOM,
        query="?q=ki%E1%BB%83m",
    ),
    Admin(
        "pages",
        "pages of a type",
        "wagtailadmin_pages:type_use",
        ("news", "articlepage"),
        NEWSROOM,
    ),
    Admin(
        "pages",
        "add an article",
        "wagtailadmin_pages:add",
        ("news", "articlepage", "{section}"),
        NEWSROOM,
    ),
    Admin(
        "pages",
        "write an article",
        "wagtailadmin_pages:add",
        ("news", "articlepage", "{section}"),
        NEWSROOM,
        method=POST,
        data=lambda w: article_form("Bài mới viết"),
        effect=lambda w: ArticlePage.objects.filter(title="Bài mới viết").exists(),
    ),
    # Page types: writers are offered articles only, never a new section.
    Admin(
        "pages",
        "page types offered under a section",
        "wagtailadmin_pages:add_subpage",
        ("{section}",),
        NEWSROOM,
        follow=True,  # one type only: straight to its form
        hidden=((frozenset({WRITER}), "section_form_url"),),
    ),
    Admin(
        "pages",
        "add a section (form)",
        "wagtailadmin_pages:add",
        ("news", "sectionpage", "{section}"),
        PUBLISHERS,
    ),
    Admin(
        "pages",
        "add a section",
        "wagtailadmin_pages:add",
        ("news", "sectionpage", "{section}"),
        PUBLISHERS,
        method=POST,
        data=lambda w: section_form("Chuyên mục mới"),
        effect=lambda w: SectionPage.objects.filter(title="Chuyên mục mới").exists(),
    ),
    Admin(
        "pages",
        "where to add a section",
        "wagtailadmin_pages:choose_parent",
        ("news", "sectionpage"),
        PUBLISHERS,
    ),
    Admin(
        "pages",
        "where to add an article",
        "wagtailadmin_pages:choose_parent",
        ("news", "articlepage"),
        NEWSROOM,
    ),
    Admin("pages", "edit", "wagtailadmin_pages:edit", ("{article}",), NEWSROOM),
    Admin(
        "pages",
        "save a draft",
        "wagtailadmin_pages:edit",
        ("{draft}",),
        NEWSROOM,
        method=POST,
        data=lambda w: article_form("Bản nháp đã sửa"),
        effect=lambda w: (
            Page.objects.get(pk=w["draft"]).draft_title == "Bản nháp đã sửa"
        ),
    ),
    Admin(
        "pages",
        "publish from the editor",
        "wagtailadmin_pages:edit",
        ("{draft}",),
        PUBLISHERS,
        method=POST,
        data=lambda w: article_form(SECRETS["draft_title"], **{"action-publish": "1"}),
        effect=page_live("draft"),
    ),
    Admin(
        "pages",
        "publish a new article at once",
        "wagtailadmin_pages:add",
        ("news", "articlepage", "{section}"),
        PUBLISHERS,
        method=POST,
        data=lambda w: article_form("Bài đăng ngay", **{"action-publish": "1"}),
        effect=lambda w: ArticlePage.objects.filter(
            title="Bài đăng ngay", live=True
        ).exists(),
    ),
    Admin(
        "pages", "view a draft", "wagtailadmin_pages:view_draft", ("{draft}",), NEWSROOM
    ),
    Admin(
        "pages",
        "revisions list",
        "wagtailadmin_pages:revisions_index",
        ("{article}",),
        NEWSROOM,
        follow=True,
    ),
    Admin(
        "pages",
        "revision view",
        "wagtailadmin_pages:revisions_view",
        ("{pending}", "{pending_revision}"),
        NEWSROOM,
    ),
    Admin(
        "pages",
        "revision compare",
        "wagtailadmin_pages:revisions_compare",
        ("{pending}", "live", "latest"),
        NEWSROOM,
    ),
    Admin(
        "pages",
        "revision revert (form)",
        "wagtailadmin_pages:revisions_revert",
        ("{pending}", "{pending_revision}"),
        NEWSROOM,
    ),
    Admin(
        "pages",
        "revision unschedule",
        "wagtailadmin_pages:revisions_unschedule",
        ("{scheduled}", "{scheduled_revision}"),
        PUBLISHERS,
        method=POST,
        effect=unscheduled,
    ),
    Admin("pages", "history", "wagtailadmin_pages:history", ("{article}",), NEWSROOM),
    Admin("pages", "usage", "wagtailadmin_pages:usage", ("{article}",), NEWSROOM),
    Admin(
        "pages",
        "workflow history",
        "wagtailadmin_pages:workflow_history",
        ("{submitted}",),
        NEWSROOM,
    ),
    Admin(
        "pages",
        "preview a submitted article",
        "wagtailadmin_pages:workflow_preview",
        ("{submitted}", "{task}"),
        PUBLISHERS,
    ),
    Admin(
        "pages",
        "approve a submitted article",
        "wagtailadmin_pages:workflow_action",
        ("{submitted}", "approve", "{task_state}"),
        PUBLISHERS,
        method=POST,
        data={"comment": ""},
        effect=page_live("submitted"),
    ),
    Admin(
        "pages",
        "unpublish (form)",
        "wagtailadmin_pages:unpublish",
        ("{article}",),
        PUBLISHERS,
    ),
    Admin(
        "pages",
        "unpublish",
        "wagtailadmin_pages:unpublish",
        ("{article}",),
        PUBLISHERS,
        method=POST,
        effect=unpublished("article"),
    ),
    Admin(
        "pages",
        "delete a live article",
        "wagtailadmin_pages:delete",
        ("{article}",),
        PUBLISHERS,
        method=POST,
        effect=page_gone("article"),
    ),
    # Wagtail: editing rights without publishing rights delete drafts only.
    Admin(
        "pages",
        "delete a draft",
        "wagtailadmin_pages:delete",
        ("{draft}",),
        NEWSROOM,
        method=POST,
        effect=page_gone("draft"),
    ),
    Admin(
        "pages",
        "move a live article (form)",
        "wagtailadmin_pages:move",
        ("{article}",),
        PUBLISHERS,
    ),
    Admin(
        "pages",
        "move a live article",
        "wagtailadmin_pages:move_confirm",
        ("{article}", "{other_section}"),
        PUBLISHERS,
        method=POST,
        effect=moved,
    ),
    Admin("pages", "copy (form)", "wagtailadmin_pages:copy", ("{article}",), NEWSROOM),
    Admin(
        "pages",
        "copy and publish the copy",
        "wagtailadmin_pages:copy",
        ("{article}",),
        PUBLISHERS,
        method=POST,
        data=lambda w: {
            "new_title": "Bản sao kiểm toán",
            "new_slug": "ban-sao-kiem-toan",
            "new_parent_page": w["section"],
            "publish_copies": "on",
        },
        effect=published_copy,
    ),
    Admin(
        "pages",
        "lock",
        "wagtailadmin_pages:lock",
        ("{article}",),
        PUBLISHERS,
        method=POST,
        effect=lambda w: Page.objects.get(pk=w["article"]).locked,
    ),
    Admin(
        "pages",
        "unlock another's lock",
        "wagtailadmin_pages:unlock",
        ("{locked}",),
        PUBLISHERS,
        method=POST,
        effect=lambda w: not Page.objects.get(pk=w["locked"]).locked,
    ),
    Admin(
        "pages",
        "privacy (form)",
        "wagtailadmin_pages:set_privacy",
        ("{private}",),
        PUBLISHERS,
    ),
    Admin(
        "pages",
        "make a private page public",
        "wagtailadmin_pages:set_privacy",
        ("{private}",),
        PUBLISHERS,
        method=POST,
        data={"restriction_type": "none"},
        effect=made_public,
    ),
    # Print edition.
    Admin(
        "print",
        "add an issue (upload form)",
        "wagtailadmin_pages:add",
        ("print_edition", "printissuepage", "{archive}"),
        NEWSROOM,
    ),
    Admin(
        "print",
        "upload an issue",
        "wagtailadmin_pages:add",
        ("print_edition", "printissuepage", "{archive}"),
        NEWSROOM,
        method=POST,
        data=issue_form,
        effect=uploaded_issue,
    ),
    Admin("print", "edit an issue", "wagtailadmin_pages:edit", ("{issue}",), NEWSROOM),
    Admin("print", "processing jobs", "print_edition_jobs", allowed=NEWSROOM),
    Admin(
        "print", "processing status", "print_edition_job_status", ("{issue}",), NEWSROOM
    ),
    Admin(
        "print", "reprocess (form)", "print_edition_reprocess", ("{issue}",), NEWSROOM
    ),
    Admin(
        "print",
        "reprocess",
        "print_edition_reprocess",
        ("{issue}",),
        NEWSROOM,
        method=POST,
        effect=reprocessed,
    ),
    # Images: writers add, and change only what they uploaded themselves.
    Admin("images", "index", "wagtailimages:index", allowed=NEWSROOM),
    Admin("images", "add", "wagtailimages:add_multiple", allowed=NEWSROOM),
    # The chooser opens for every role but lists only what one may choose.
    Admin(
        "images",
        "chooser",
        "wagtailimages_chooser:choose",
        allowed=EVERY_ROLE,
        hidden=((frozenset({MODERATOR}), "spare_image_title"),),
    ),
    Admin("images", "edit another's", "wagtailimages:edit", ("{image}",), PUBLISHERS),
    Admin("images", "edit one's own", "wagtailimages:edit", ("{own_image}",), NEWSROOM),
    Admin(
        "images",
        "delete another's",
        "wagtailimages:delete",
        ("{image}",),
        PUBLISHERS,
        method=POST,
        effect=gone(get_image_model(), "image"),
    ),
    # Documents: the same rules.
    Admin("documents", "index", "wagtaildocs:index", allowed=NEWSROOM),
    Admin("documents", "add", "wagtaildocs:add_multiple", allowed=NEWSROOM),
    Admin(
        "documents",
        "chooser",
        "wagtaildocs_chooser:choose",
        allowed=EVERY_ROLE,
        hidden=((frozenset({MODERATOR}), "document_title"),),
    ),
    Admin(
        "documents", "edit another's", "wagtaildocs:edit", ("{document}",), PUBLISHERS
    ),
    Admin(
        "documents", "edit one's own", "wagtaildocs:edit", ("{own_document}",), NEWSROOM
    ),
    Admin(
        "documents",
        "delete another's",
        "wagtaildocs:delete",
        ("{document}",),
        PUBLISHERS,
        method=POST,
        effect=gone(get_document_model(), "document"),
    ),
    # Reader comments.
    Admin(
        "comments",
        "moderation queue",
        "wagtailsnippets_comments_comment:list",
        allowed=COMMENT_MODERATORS,
    ),
    Admin(
        "comments",
        "moderation queue search",
        "wagtailsnippets_comments_comment:list_results",
        allowed=COMMENT_MODERATORS,
    ),
    Admin(
        "comments",
        "inspect",
        "wagtailsnippets_comments_comment:inspect",
        ("{comment}",),
        COMMENT_MODERATORS,
    ),
    Admin(
        "comments",
        "edit",
        "wagtailsnippets_comments_comment:edit",
        ("{comment}",),
        COMMENT_MODERATORS,
    ),
    Admin(
        "comments",
        "history",
        "wagtailsnippets_comments_comment:history",
        ("{comment}",),
        COMMENT_MODERATORS,
    ),
    Admin(
        "comments",
        "chooser",
        "wagtailsnippetchoosers_comments_comment:choose",
        allowed=COMMENT_MODERATORS,
    ),
    Admin(
        "comments",
        "approve",
        "wagtail_bulk_action",
        ("comments", "comment", "approve"),
        COMMENT_MODERATORS,
        method=POST,
        query="?id={comment}",
        effect=comment_status(Comment.Status.APPROVED),
    ),
    Admin(
        "comments",
        "reject",
        "wagtail_bulk_action",
        ("comments", "comment", "reject"),
        COMMENT_MODERATORS,
        method=POST,
        query="?id={comment}",
        effect=comment_status(Comment.Status.REJECTED),
    ),
    Admin(
        "comments",
        "undo a moderation",
        "comments_undo_moderation",
        allowed=COMMENT_MODERATORS,
        method=POST,
        data=lambda w: {
            "token": undo_token(Comment.Status.PENDING, [[w["comment"], "rejected"]])
        },
        effect=comment_status(Comment.Status.REJECTED),
    ),
    Admin(
        "comments",
        "delete",
        "wagtailsnippets_comments_comment:delete",
        ("{comment}",),
        ADMINISTRATORS,
        method=POST,
        effect=gone(Comment, "comment"),
    ),
    Admin(
        "comments",
        "word list",
        "wagtailsnippets_comments_wordrule:list",
        allowed=WORD_LIST,
    ),
    Admin(
        "comments",
        "word list search",
        "wagtailsnippets_comments_wordrule:list_results",
        allowed=WORD_LIST,
    ),
    Admin(
        "comments",
        "word chooser",
        "wagtailsnippetchoosers_comments_wordrule:choose",
        allowed=WORD_LIST,
    ),
    Admin(
        "comments",
        "add a word",
        "wagtailsnippets_comments_wordrule:add",
        allowed=WORD_LIST,
        method=POST,
        data={"phrase": "lừa đảo", "action": "ban"},
        effect=lambda w: WordRule.objects.filter(phrase="lừa đảo").exists(),
    ),
    Admin(
        "comments",
        "settings",
        "wagtailsettings:edit",
        ("comments", "commentsettings"),
        PUBLISHERS,
        follow=True,
    ),
    Admin(
        "comments",
        "close comments site-wide",
        "wagtailsettings:edit",
        ("comments", "commentsettings", "{comment_settings}"),
        PUBLISHERS,
        method=POST,
        data={"close_after_days": "30"},
        effect=lambda w: not CommentSettings.load().enabled,
    ),
    # Videos: writers upload and edit unpublished clips; editors publish.
    Admin("videos", "library", "wagtailsnippets_videos_video:list", allowed=NEWSROOM),
    Admin(
        "videos", "upload form", "wagtailsnippets_videos_video:add", allowed=NEWSROOM
    ),
    Admin(
        "videos",
        "edit an unpublished clip",
        "wagtailsnippets_videos_video:edit",
        ("{hidden_video}",),
        NEWSROOM,
    ),
    Admin(
        "videos",
        "edit a published clip (form)",
        "wagtailsnippets_videos_video:edit",
        ("{video}",),
        PUBLISHERS,
    ),
    Admin(
        "videos",
        "history",
        "wagtailsnippets_videos_video:history",
        ("{hidden_video}",),
        NEWSROOM,
    ),
    Admin(
        "videos",
        "chooser",
        "wagtailsnippetchoosers_videos_video:choose",
        allowed=NEWSROOM,
    ),
    Admin(
        "videos",
        "chooser: one clip",
        "wagtailsnippetchoosers_videos_video:chosen",
        ("{hidden_video}",),
        NEWSROOM,
    ),
    Admin(
        "videos",
        "publish a clip",
        "wagtailsnippets_videos_video:edit",
        ("{hidden_video}",),
        PUBLISHERS,
        method=POST,
        data=lambda w: video_form(SECRETS["hidden_video_title"], published="on"),
        effect=lambda w: Video.objects.get(pk=w["hidden_video"]).published,
    ),
    Admin(
        "videos",
        "change a published clip",
        "wagtailsnippets_videos_video:edit",
        ("{video}",),
        PUBLISHERS,
        method=POST,
        data=lambda w: video_form("Tiêu đề đã đổi", published="on"),
        effect=lambda w: Video.objects.get(pk=w["video"]).title == "Tiêu đề đã đổi",
    ),
    Admin(
        "videos",
        "delete",
        "wagtailsnippets_videos_video:delete",
        ("{video}",),
        PUBLISHERS,
        method=POST,
        effect=gone(Video, "video"),
    ),
    # Authors.
    Admin("authors", "list", "wagtailsnippets_news_author:list", allowed=NEWSROOM),
    Admin("authors", "add", "wagtailsnippets_news_author:add", allowed=NEWSROOM),
    Admin(
        "authors",
        "chooser",
        "wagtailsnippetchoosers_news_author:choose",
        allowed=NEWSROOM,
    ),
    Admin(
        "authors", "edit", "wagtailsnippets_news_author:edit", ("{author}",), NEWSROOM
    ),
    Admin(
        "authors",
        "delete",
        "wagtailsnippets_news_author:delete",
        ("{author}",),
        PUBLISHERS,
        method=POST,
        effect=gone(Author, "author"),
    ),
    # Users, groups and the site's machinery: the Quản trị role.
    Admin("users", "list", "wagtailusers_users:index", allowed=ADMINISTRATORS),
    Admin("users", "add", "wagtailusers_users:add", allowed=ADMINISTRATORS),
    Admin(
        "users", "edit", "wagtailusers_users:edit", ("{writer_user}",), ADMINISTRATORS
    ),
    # Whoever manages accounts may tick "Administrator" (superuser) in Wagtail's
    # user form: Quản trị already grants any permission through groups.
    Admin(
        "users",
        "promote a writer to superuser",
        "wagtailusers_users:edit",
        ("{writer_user}",),
        ADMINISTRATORS,
        method=POST,
        data=user_form,
        effect=writer_promoted,
    ),
    Admin("users", "groups", "wagtailusers_groups:index", allowed=ADMINISTRATORS),
    Admin(
        "users",
        "edit a group",
        "wagtailusers_groups:edit",
        ("{writer_group}",),
        ADMINISTRATORS,
    ),
    Admin("settings", "sites", "wagtailsites:index", allowed=ADMINISTRATORS),
    Admin(
        "settings",
        "collections",
        "wagtailadmin_collections:index",
        allowed=ADMINISTRATORS,
    ),
    Admin("settings", "redirects", "wagtailredirects:index", allowed=ADMINISTRATORS),
    Admin(
        "settings", "workflows", "wagtailadmin_workflows:index", allowed=ADMINISTRATORS
    ),
    Admin(
        "settings",
        "workflow tasks",
        "wagtailadmin_workflows:task_index",
        allowed=ADMINISTRATORS,
    ),
    # Reports.
    Admin(
        "reports",
        "site history",
        "wagtailadmin_reports:site_history",
        allowed=EVERY_ROLE,
        hidden=((frozenset({MODERATOR}), "draft_title"),),
    ),
    Admin(
        "reports",
        "locked pages",
        "wagtailadmin_reports:locked_pages",
        allowed=PUBLISHERS,
    ),
    Admin(
        "reports", "aging pages", "wagtailadmin_reports:aging_pages", allowed=NEWSROOM
    ),
    Admin("reports", "workflows", "wagtailadmin_reports:workflow", allowed=NEWSROOM),
    Admin(
        "reports",
        "page types",
        "wagtailadmin_reports:page_types_usage",
        allowed=NEWSROOM,
    ),
    # Django's own admin: superusers (staff) only.
    Admin("django-admin", "index", "admin:index", allowed=SUPERUSERS),
    Admin("django-admin", "users", "admin:auth_user_changelist", allowed=SUPERUSERS),
]


def api(path):
    return lambda w: path.format(**w)


# Public addresses: the same answer for every subject, signed in or not.
PUBLIC = [
    Public(
        "api",
        "pages",
        api("/api/v2/pages/?limit=50&fields=title"),
        shows=(PUBLIC_TITLE,),
        never=NEVER_PUBLIC,
    ),
    Public(
        "api",
        "articles",
        api("/api/v2/articles/?limit=50"),
        shows=(PUBLIC_TITLE,),
        never=NEVER_PUBLIC,
    ),
    Public("api", "a draft", api("/api/v2/pages/{draft}/"), status=404),
    Public("api", "a draft article", api("/api/v2/articles/{draft}/"), status=404),
    Public("api", "a scheduled page", api("/api/v2/pages/{scheduled}/"), status=404),
    Public("api", "a private page", api("/api/v2/pages/{private}/"), status=404),
    Public(
        "api",
        "a page with unpublished changes",
        api("/api/v2/pages/{pending}/"),
        shows=("Báo cáo thường niên",),
        never=NEVER_PUBLIC,
    ),
    Public(
        "api",
        "find a draft by path",
        api("/api/v2/pages/find/?html_path={draft_path}"),
        status=404,
    ),
    Public(
        "api",
        "pages of a section",
        api("/api/v2/pages/?child_of={section}&fields=title"),
        shows=(PUBLIC_TITLE,),
        never=NEVER_PUBLIC,
    ),
    Public(
        "api",
        "images",
        api("/api/v2/images/?limit=50"),
        shows=("Ảnh công khai",),
        never=NEVER_PUBLIC,
    ),
    Public("api", "a draft's image", api("/api/v2/images/{draft_image}/"), status=404),
    Public(
        "api",
        "a private page's image",
        api("/api/v2/images/{private_image}/"),
        status=404,
    ),
    Public("api", "an unused image", api("/api/v2/images/{image}/"), status=404),
    Public(
        "api",
        "videos",
        api("/api/v2/videos/"),
        shows=("Phóng sự kiểm toán công khai",),
        never=NEVER_PUBLIC,
    ),
    Public(
        "api", "an unpublished video", api("/api/v2/videos/{hidden_video}/"), status=404
    ),
    Public("api", "a future video", api("/api/v2/videos/{future_video}/"), status=404),
    Public(
        "api",
        "a video being processed",
        api("/api/v2/videos/{processing_video}/"),
        status=404,
    ),
    Public(
        "api",
        "print issues",
        api("/api/v2/print-issues/"),
        shows=("Số 5 - 2022",),
        never=NEVER_PUBLIC,
    ),
    Public(
        "api",
        "a draft print issue",
        api("/api/v2/print-issues/{draft_issue}/"),
        status=404,
    ),
    Public("api", "no documents endpoint", api("/api/v2/documents/"), status=404),
    Public(
        "api",
        "read only",
        api("/api/v2/pages/"),
        status=405,
        method=POST,
        never=NEVER_PUBLIC,
    ),
    Public(
        "search",
        "search API",
        api("/api/v1/search/?q=ki%E1%BB%83m+to%C3%A1n"),
        shows=(PUBLIC_TITLE,),
        never=NEVER_PUBLIC,
    ),
    Public(
        "search",
        "suggestions",
        api("/api/v1/search/suggest/?q=ki%E1%BB%83m"),
        shows=(PUBLIC_TITLE,),
        never=NEVER_PUBLIC,
    ),
    Public(
        "search",
        "search page",
        api("/tim-kiem/?q=ki%E1%BB%83m+to%C3%A1n"),
        shows=(PUBLIC_TITLE,),
        never=NEVER_PUBLIC,
    ),
    Public(
        "beacon",
        "count a draft",
        api("/api/v1/views/{draft}/"),
        status=404,
        method=POST,
    ),
    Public(
        "beacon",
        "count a private page",
        api("/api/v1/views/{private}/"),
        status=404,
        method=POST,
    ),
    Public(
        "pages",
        "an article with comments",
        api("{article_path}"),
        shows=(PUBLIC_TITLE,),
        never=NEVER_PUBLIC,
    ),
    Public("pages", "a draft's address", api("{draft_path}"), status=404),
    Public("feeds", "RSS", api("/rss/"), shows=(PUBLIC_TITLE,), never=NEVER_PUBLIC),
    Public(
        "feeds",
        "news sitemap",
        api("/sitemap-news.xml"),
        shows=("cong-bo-ket-qua-kiem-toan-ngan-sach",),
        never=NEVER_PUBLIC + ("ban-nhap-chua-duyet", "noi-bo-rieng-tu"),
    ),
]


# --- the world ----------------------------------------------------------------


def make_document(title, owner=None):
    document = get_document_model()(title=title, uploaded_by_user=owner)
    document.file.save("tai-lieu.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    document.save()
    return document


def make_image(title, owner):
    image = factories.make_image(title)
    image.uploaded_by_user = owner
    image.save()
    return image


def build_world():
    """Users, pages, media, comments: every kind of thing the table names."""
    now = timezone.now()
    User = get_user_model()
    users = {
        NO_GROUP: User.objects.create_user("khongnhom"),
        WRITER: User.objects.create_user("phongvien"),
        EDITOR: User.objects.create_user("bientap"),
        MODERATOR: User.objects.create_user("kiemduyet"),
        ADMINISTRATOR: User.objects.create_user("quantri"),
        SUPERUSER: User.objects.create_superuser("sieuquantri", "su@example.vn"),
    }
    for subject, group in ROLE_GROUPS.items():
        users[subject].groups.add(Group.objects.get(name=group))
    su = users[SUPERUSER]

    home = factories.home()
    section = factories.make_section(home, "Thời sự - Chính trị")
    other = factories.make_section(home, "Văn hóa - Xã hội")
    article = factories.make_article(
        section,
        PUBLIC_TITLE,
        published=now - timedelta(hours=2),
        image=factories.make_image("Ảnh công khai"),
    )
    draft = factories.make_article(
        section,
        SECRETS["draft_title"],
        live=False,
        image=factories.make_image(SECRETS["draft_image_title"]),
    )
    log(instance=draft, action="wagtail.create", user=users[WRITER])
    private = factories.make_article(
        section,
        SECRETS["private_title"],
        published=now - timedelta(hours=3),
        image=factories.make_image(SECRETS["private_image_title"]),
    )
    PageViewRestriction.objects.create(
        page=private, restriction_type="password", password="mat-khau-rieng"
    )
    pending = factories.make_article(section, "Báo cáo thường niên")
    pending.title = SECRETS["pending_title"]
    pending_revision = pending.save_revision(user=users[WRITER])

    scheduled = factories.make_article(section, SECRETS["scheduled_title"], live=False)
    scheduled.go_live_at = now + timedelta(days=2)
    scheduled_revision = scheduled.save_revision(user=su)
    scheduled_revision.publish(user=su)

    submitted = factories.make_article(section, "Bài chờ duyệt", live=False)
    submitted.save_revision(user=users[WRITER])
    state = Workflow.objects.get(name=roles.WORKFLOW_NAME).start(
        submitted, users[WRITER]
    )

    locked = factories.make_article(section, "Bài đang khóa")
    Page.objects.filter(pk=locked.pk).update(locked=True, locked_by=su, locked_at=now)

    archive = PrintArchivePage(title="Tạp chí in", slug="tap-chi-in")
    home.add_child(instance=archive)
    factories.publish(archive)
    issue = PrintIssuePage(
        number_label="5",
        year=2022,
        published_on=date(2022, 5, 15),
        pdf=make_document("Tạp chí in số 5-2022"),
    )
    archive.add_child(instance=issue)
    factories.publish(issue)
    ProcessingJob.objects.create(
        issue=issue, document=issue.pdf, fingerprint="x", status=ProcessingJob.DONE
    )
    draft_issue = PrintIssuePage(
        title=SECRETS["draft_issue_title"],
        live=False,
        number_label="9",
        year=2031,
        published_on=date(2031, 1, 1),
    )
    archive.add_child(instance=draft_issue)

    video = make_video("Phóng sự kiểm toán công khai", section=section)
    hidden_video = make_video(SECRETS["hidden_video_title"], published=False)
    future_video = make_video(
        SECRETS["future_video_title"], published_at=now + timedelta(days=1)
    )
    processing_video = make_video(
        SECRETS["processing_video_title"], status=Video.Status.PROCESSING
    )

    comment = Comment.objects.create(
        article=article,
        name="Bạn đọc",
        email=SECRETS["commenter_email"],
        body="Ý kiến đang chờ duyệt.",
    )
    Comment.objects.create(
        article=article,
        name="Bạn đọc khác",
        email=SECRETS["commenter_email"],
        body="Ý kiến đã duyệt.",
        status=Comment.Status.APPROVED,
    )

    def owned(make):
        """One object per subject, uploaded by them (anonymous: by nobody)."""
        made = {s: make(u).pk for s, u in users.items()}
        made[ANONYMOUS] = make(None).pk
        return made

    return {
        **{f"{s}_user": u.pk for s, u in users.items()},
        "writer_group": Group.objects.get(name=roles.WRITER).pk,
        "users": {s: u.pk for s, u in users.items()},
        "section": section.pk,
        "other_section": other.pk,
        "section_form_url": reverse(
            "wagtailadmin_pages:add", args=("news", "sectionpage", section.pk)
        ),
        "article": article.pk,
        "article_path": article.url,
        "draft": draft.pk,
        "draft_path": draft.get_url(),
        "draft_image": draft.image_id,
        "private": private.pk,
        "private_image": private.image_id,
        "pending": pending.pk,
        "pending_revision": pending_revision.pk,
        "scheduled": scheduled.pk,
        "scheduled_revision": scheduled_revision.pk,
        "submitted": submitted.pk,
        "task_state": state.current_task_state.pk,
        "task": state.current_task_state.task_id,
        "locked": locked.pk,
        "archive": archive.pk,
        "issue": issue.pk,
        "draft_issue": draft_issue.pk,
        "video": video.pk,
        "hidden_video": hidden_video.pk,
        "future_video": future_video.pk,
        "processing_video": processing_video.pk,
        "image": factories.make_image(SECRETS["spare_image_title"]).pk,
        "own_image": owned(lambda u: make_image(f"Ảnh của {u}", u)),
        "document": make_document(SECRETS["document_title"]).pk,
        "own_document": owned(lambda u: make_document(f"Tài liệu của {u}", u)),
        "author": factories.make_author("Ngô Văn Bút").pk,
        "comment": comment.pk,
        "comment_settings": CommentSettings.load().pk,
        "issue_jobs": ProcessingJob.objects.filter(issue=issue).count(),
        **SECRETS,
    }


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once; each test's own transaction (a savepoint) keeps it intact."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


@pytest.fixture
def as_subject(client, world):
    def sign_in(subject):
        if subject != ANONYMOUS:
            client.force_login(get_user_model().objects.get(pk=world["users"][subject]))
        return client

    return sign_in


# --- the combinations ---------------------------------------------------------


def combinations(targets):
    return [
        pytest.param(target, subject, id=f"{target.id} | {subject}")
        for target in targets
        for subject in SUBJECTS
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("target, subject", combinations(ADMIN))
def test_admin(as_subject, world, target, subject):
    outcome, body = m.judge_admin(as_subject(subject), world, subject, target)
    leak, mismatch = m.admin_verdict(world, subject, target, outcome, body)
    combination = f"{target.id} | {subject}"
    m.TALLY.record(combination, leak, mismatch)
    assert not leak, f"LEAK {combination}: {leak}"
    assert not mismatch, f"{combination}: {mismatch}"


@pytest.mark.django_db
@pytest.mark.parametrize("target, subject", combinations(PUBLIC))
def test_public(as_subject, world, target, subject):
    client = as_subject(subject)
    send = client.post if target.method == POST else client.get
    response = send(target.path(world), HTTP_USER_AGENT=BROWSER)
    body = m.text_of(response) if response.status_code != 204 else ""
    leak, mismatch = m.public_verdict(target, response.status_code, body)
    combination = f"{target.id} | {subject}"
    m.TALLY.record(combination, leak, mismatch)
    assert not leak, f"LEAK {combination}: {leak}"
    assert not mismatch, f"{combination}: {mismatch}"


# --- the table keeps up with the project ----------------------------------------


def _named_patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern.callback


def test_every_project_admin_view_is_in_the_table():
    """A new admin view or snippet of ours must get its row in ADMIN."""
    in_table = {target.url_name for target in ADMIN}
    ours = {
        name
        for name, view in _named_patterns(get_resolver().url_patterns)
        if inspect.unwrap(view).__module__.startswith("toasoan.")
        and (name.startswith("wagtail") or name.startswith("print_edition"))
    }
    for model in get_snippet_models():
        if model.__module__.startswith("toasoan."):
            label = f"{model._meta.app_label}_{model._meta.model_name}"
            ours |= {f"wagtailsnippets_{label}:list"}
            ours |= {f"wagtailsnippetchoosers_{label}:choose"}
    assert ours, "no project admin view found: the walk is broken"
    assert ours <= in_table, f"not in the matrix: {sorted(ours - in_table)}"


@pytest.mark.parametrize(
    "status, location, message, expected",
    [
        (200, None, None, m.ALLOWED),
        (403, None, None, m.DENIED),
        (404, None, None, m.NOT_FOUND),
        (302, "/admin/login/?next=/admin/users/", None, m.LOGIN),
        (302, "/django-admin/login/?next=/django-admin/", None, m.LOGIN),
        (302, "/admin/pages/3/edit/", None, m.ALLOWED),
        # Back to the dashboard: a refusal only with Wagtail's own message.
        (302, "/admin/", None, m.ALLOWED),
        (302, "/admin/", "Page 'Bài' has been published.", m.ALLOWED),
        (302, "/admin/", m.REFUSALS[0], m.DENIED),
        (302, "/admin/", m.REFUSALS[1], m.DENIED),
    ],
)
def test_answers_are_classified_exactly(rf, status, location, message, expected):
    request = rf.get("/admin/users/")
    request._messages = CookieStorage(request)
    if message:
        messages.error(request, message)
    response = HttpResponse(status=status)
    if location:
        response["Location"] = location
    response.wsgi_request = request
    assert m.classify(response) == expected
