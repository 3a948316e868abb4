"""Videos in the admin: a snippet viewset with the upload form and status."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from toasoan.roles.choosers import GuardedSnippetChooserViewSet

from .forms import VideoForm
from .models import Video
from .templatetags.video_tags import video_duration


class DurationColumn(Column):
    def get_value(self, instance):
        return video_duration(instance.duration)


class StatusColumn(Column):
    def get_value(self, instance):
        label = instance.get_status_display()
        if instance.status == Video.Status.PROCESSING:
            return f"{label} ({instance.progress}%)"
        if instance.status == Video.Status.FAILED and instance.processing_error:
            return f"{label}: {instance.processing_error[:80]}"
        return label


class VideoEditView(EditView):
    """A published clip is what readers see: changing it (title, file,
    poster...) is publishing, so only those who may publish may edit it.
    Writers keep editing their clips until an editor publishes them."""

    def get_object(self, queryset=None):
        video = super().get_object(queryset)
        if video.published and not self.request.user.has_perm("videos.publish_video"):
            raise PermissionDenied
        return video


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = _("Videos")
    menu_name = "videos"
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "videos"
    edit_handler = ObjectList(Video.panels, base_form_class=VideoForm)
    edit_view_class = VideoEditView
    chooser_viewset_class = GuardedSnippetChooserViewSet
    list_display = [
        "title",
        StatusColumn("status", label=_("status")),
        DurationColumn("duration", label=_("duration")),
        "section",
        "published",
        "published_at",
    ]
    list_filter = ["status", "published", "section"]
    ordering = ["-created_at"]


register_snippet(VideoViewSet)
