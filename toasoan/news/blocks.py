"""Body blocks of an article: paragraphs, photos with caption and credit, quotes."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

PARAGRAPH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h2", "h3"]


class PhotoBlock(blocks.StructBlock):
    """A photo with its caption and credit.

    The image is optional because migrated pages often kept the caption of a
    photo whose file is gone; the caption is still part of the story.
    """

    image = ImageChooserBlock(required=False, label=_("Image"))
    caption = blocks.CharBlock(required=False, max_length=500, label=_("Caption"))
    credit = blocks.CharBlock(required=False, max_length=200, label=_("Credit"))

    class Meta:
        icon = "image"
        label = _("Photo")
        template = "news/blocks/photo.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "news/blocks/quote.html"


class VideoBlock(blocks.StructBlock):
    """A clip from the video library; shown only while readers may see it."""

    video = SnippetChooserBlock("videos.Video", label=_("Video"))
    caption = blocks.CharBlock(required=False, max_length=500, label=_("Caption"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "news/blocks/video.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=PARAGRAPH_FEATURES, label=_("Paragraph"), icon="pilcrow"
    )
    photo = PhotoBlock()
    quote = QuoteBlock()
    video = VideoBlock()
