"""A video's processing status in its edit form, once there is a file."""

from wagtail.admin.panels import Panel


class VideoStatusPanel(Panel):
    """Status, conversion progress, duration and failure of the video's file;
    before a file is uploaded and saved, only that there is none yet (the
    model's defaults, "Ready" and no duration, say nothing about a file)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "videos/admin/status_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            video = self.instance
            context["video"] = video
            context["has_file"] = bool(video.pk and video.file)
            return context
