"""Pages of the magazine: home, sections (chuyên mục), articles, and authors."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, InlinePanel, TitleFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.url_routing import RouteResult

from toasoan.core.pages import NFCMixin, PageForm, paginate, promote_panels
from toasoan.core.slugs import VietnameseSlugMixin
from toasoan.pagecache import tags as pagecache_tags
from toasoan.roles.definitions import EDITOR, WRITER
from toasoan.roles.page_types import TypeGate
from toasoan.search import fields as search
from toasoan.vietnamese import nfc, slugify

from . import caching, queries, seo
from .authors import ArticleAuthor, Author  # noqa: F401  (the app's models)
from .blocks import ArticleBodyBlock

# Section slugs that would shadow the site's own routes.
RESERVED_SLUGS = {
    "tac-gia",
    "the",
    "tim-kiem",
    "api",
    "admin",
    "static",
    "media",
    "video",
    "binh-luan",
    "tap-chi-in",
    # toasoan.feeds: feeds, sitemaps, robots.txt
    "rss",
    "robots.txt",
    "sitemap.xml",
    "sitemap-news.xml",
}


class ReaderPageMixin:
    """Cheaper serving for reader pages: view restrictions from a cache."""

    def get_view_restrictions(self):
        # Wagtail asks on every view (two queries); most pages have none.
        if self.alias_of_id is None and not queries.is_restricted(self):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class Tag(TagBase):
    """A tag whose slug comes from the Vietnamese slugify (Đảng → dang)."""

    free_tagging = True

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        slug = slugify(tag) or "the"
        if i is not None:
            slug = f"{slug}-{i}"
        return slug

    def save(self, *args, **kwargs):
        self.name = nfc(self.name)
        super().save(*args, **kwargs)


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(
        Tag, related_name="tagged_articles", on_delete=models.CASCADE
    )
    content_object = ParentalKey(
        "news.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class HomePage(
    TypeGate,
    ReaderPageMixin,
    VietnameseSlugMixin,
    NFCMixin,
    RoutablePageMixin,
    Page,
):
    """The front page; also serves author pages and tag pages."""

    base_form_class = PageForm

    featured_article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("lead story"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to lead with the latest article."),
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["news.SectionPage", "print_edition.PrintArchivePage"]
    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("tagline"),
        FieldPanel("featured_article"),
    ]
    promote_panels = promote_panels()

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        blocks = queries.home_blocks(self, request)
        context.update(blocks)
        pagecache_tags.add_pages(
            request,
            [blocks["lead"], *blocks["secondary"], *blocks["latest"]]
            + [a for block in blocks["section_blocks"] for a in block["articles"]],
        )
        return context

    def seo_head(self, request, context):
        return seo.home_head(self, request, context)

    def route(self, request, path_components):
        """An article's address in one query instead of two per level."""
        if len(path_components) >= 2 and not caching.own_route(self, path_components):
            # By slug first: url_path has no index, slug has.
            def query():
                return (
                    ArticlePage.objects.filter(
                        slug=path_components[-1],
                        url_path=f"{self.url_path}{'/'.join(path_components)}/",
                        path__startswith=self.path,
                        live=True,
                    )
                    .select_related("image")
                    .order_by()
                    .first()
                )

            article = caching.find_article(self, request, path_components, query)
            if article is not None:
                return RouteResult(article)
            found = super().route(request, path_components)
            if not isinstance(found.page, ArticlePage):
                caching.not_an_article(request)  # looked up once next time
            return found
        return super().route(request, path_components)

    @path("tac-gia/<slug:slug>/", name="author")
    def author_page(self, request, slug):
        author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
        articles = paginate(
            request, queries.articles_by_author(author), settings.NEWS_PAGE_SIZE
        )
        pagecache_tags.add(request, pagecache_tags.listing("author", author.pk))
        pagecache_tags.add_pages(request, articles)
        return self.render(
            request,
            context_overrides={
                "author": author,
                "articles": articles,
            },
            template="news/author_page.html",
        )

    @path("the/<slug:slug>/", name="tag")
    def tag_page(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        articles = paginate(
            request, queries.articles_by_tag(tag), settings.NEWS_PAGE_SIZE
        )
        pagecache_tags.add(request, pagecache_tags.listing("tag", tag.pk))
        pagecache_tags.add_pages(request, articles)
        return self.render(
            request,
            context_overrides={
                "tag": tag,
                "articles": articles,
            },
            template="news/tag_page.html",
        )


class SectionPage(TypeGate, ReaderPageMixin, VietnameseSlugMixin, NFCMixin, Page):
    """A section (chuyên mục); sections can nest."""

    fallback_slug = "chuyen-muc"

    base_form_class = PageForm

    intro = models.TextField(_("introduction"), blank=True)

    creatable_by = (EDITOR,)  # sections are the desk's
    parent_page_types = ["news.HomePage", "news.SectionPage"]
    subpage_types = ["news.SectionPage", "news.ArticlePage"]
    content_panels = [TitleFieldPanel("title"), FieldPanel("intro")]
    promote_panels = promote_panels()
    nfc_fields = NFCMixin.nfc_fields + ("intro",)
    search_fields = search.page_search_fields(Page, search.SearchField("intro"))

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS and self.depth and self.depth <= 3:
            raise ValidationError(
                {"slug": _("This address is reserved by the site; choose another.")}
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = paginate(
            request, queries.section_articles(self), settings.NEWS_PAGE_SIZE
        )
        pagecache_tags.add_pages(request, context["articles"])
        context["subsections"] = queries.child_sections(self)
        return context

    def seo_head(self, request, context):
        return seo.section_head(self, request, context)


class ArticlePage(TypeGate, ReaderPageMixin, VietnameseSlugMixin, NFCMixin, Page):
    """An article: headline, lead (sapo), body, bylines, tags."""

    fallback_slug = "bai-viet"

    base_form_class = PageForm

    lead = models.TextField(_("lead"), blank=True, help_text=_("The sapo."))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in listings and at the top of the article."),
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"), blank=True)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Shown on the article. Empty: the time it is first published."),
    )
    tags = ClusterTaggableManager(
        through=TaggedArticle, blank=True, verbose_name=_("tags")
    )
    legacy_source = models.CharField(
        _("legacy source"),
        max_length=255,
        blank=True,
        db_index=True,
        editable=False,
        help_text=_("The legacy file this article was last imported from."),
    )
    # The legacy page's own key (legacy/keys.py: section, title and time).
    legacy_key = models.CharField(
        max_length=64, blank=True, db_index=True, editable=False
    )
    legacy_digest = models.CharField(max_length=64, blank=True, editable=False)
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Untick to close reader comments on this article."),
    )

    creatable_by = (WRITER, EDITOR)
    parent_page_types = ["news.SectionPage"]
    subpage_types = []
    # A copy is a new article, not the legacy page (which updates the original).
    exclude_fields_in_copy = ["legacy_source", "legacy_key", "legacy_digest"]
    content_panels = [
        TitleFieldPanel("title"),
        FieldPanel("lead"),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("article_authors", heading=_("Authors"), label=_("author")),
        FieldPanel("tags"),
        FieldPanel("published_at"),
    ]
    promote_panels = promote_panels()
    settings_panels = Page.settings_panels + [FieldPanel("comments_open")]
    nfc_fields = NFCMixin.nfc_fields + ("lead",)
    search_fields = search.page_search_fields(
        Page,
        search.SearchField("lead", boost=1.5),
        search.SearchField("body"),
        search.SearchField("search_bylines"),
        index.FilterField("published_at"),
        index.FilterField("path"),
        index.FilterField("depth"),
    )

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def save(self, *args, **kwargs):
        if self.live and self.published_at is None:
            self.published_at = self.first_published_at or timezone.now()
        super().save(*args, **kwargs)

    def search_bylines(self):
        names = [link.author.name for link in self.article_authors.all()]
        return " ".join(names + [tag.name for tag in self.tags.all()])

    @property
    def display_time(self):
        return self.published_at or self.first_published_at or self.go_live_at

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(queries.article_context(self, request))
        context["fragment_keys"] = caching.article_keys(self, request)
        return context

    def seo_head(self, request, context):
        return seo.article_head(self, request, context)

    # What answers a reader's POST to the article (the comment form): the app
    # that owns the form signs up with `answer_posts_with` when it starts.
    post_handler = None

    @classmethod
    def answer_posts_with(cls, handler):
        """`handler(article, request)` answers POSTs to every article."""
        cls.post_handler = staticmethod(handler)

    def serve(self, request, *args, **kwargs):
        if request.method == "POST" and self.post_handler is not None:
            return self.post_handler(self, request)
        return super().serve(request, *args, **kwargs)
