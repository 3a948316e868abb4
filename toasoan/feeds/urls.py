from django.urls import path, re_path

from . import feeds, views

app_name = "feeds"

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-news.xml", views.news_sitemap, name="news-sitemap"),
    re_path(
        r"^sitemap-(?P<section>[a-z]+)\.xml$",
        views.sitemap_section,
        name="sitemap-section",
    ),
    path("rss/", feeds.ArticleFeed(), name="feed"),
    path("rss/tac-gia/<slug:slug>/", feeds.AuthorFeed(), name="author-feed"),
    re_path(
        r"^rss/(?P<path>[a-z0-9-]+(?:/[a-z0-9-]+)*)/$",
        feeds.SectionFeed(),
        name="section-feed",
    ),
]
