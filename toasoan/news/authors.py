"""Authors (bylines), the admin account each may be linked to, and the bylines
of an article. The models are the news app's (imported by news.models).

The link lives on the Author snippet, shown only to those who manage user
accounts (``auth.change_user``: Quản trị): it says whose name a user's
articles carry, which writers must not decide for themselves, and it keeps
the user model and Wagtail's user forms as they are.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from toasoan.search import fields as search
from toasoan.vietnamese import nfc, slugify


class Author(index.Indexed, models.Model):
    """A byline. Registered as a snippet; has a public page of its articles."""

    name = models.CharField(_("full name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, blank=True)
    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    bio = models.TextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
        help_text=_(
            "The admin account of this author: the articles they start "
            "carry this byline."
        ),
    )

    panels = [
        "name",
        "slug",
        "job_title",
        "bio",
        "photo",
        FieldPanel("user", permission="auth.change_user"),
    ]
    search_fields = [search.SearchField("name"), search.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name = nfc(self.name).strip()
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def _unique_slug(self):
        base = slugify(self.name) or "tac-gia"
        slug, n = base, 1
        while Author.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug

    def get_url(self):
        return f"/tac-gia/{self.slug}/"


class ArticleAuthor(Orderable):
    """An article's byline, in the order the editor gave."""

    page = ParentalKey(
        "news.ArticlePage", related_name="article_authors", on_delete=models.CASCADE
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        related_name="article_links",
        on_delete=models.CASCADE,
    )

    panels = ["author"]

    class Meta(Orderable.Meta):
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")


def preselect_byline(sender, page, parent, **kwargs):
    """``init_new_page``: a new article starts with its writer's byline.

    Wagtail sends the signal when the empty form is shown (never on save), with
    the new page owned by the user who opened it.
    """
    if not hasattr(page, "article_authors") or page.article_authors.exists():
        return
    author = Author.objects.filter(user_id=page.owner_id).first()
    if author is not None:
        page.article_authors = [ArticleAuthor(author=author, sort_order=0)]
