"""A user account linked to its byline: set by account managers, used by
the writer's new articles."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from toasoan.news.models import ArticlePage, Author
from toasoan.roles import definitions as roles


@pytest.fixture
def member(django_user_model):
    def make(role, username):
        user = django_user_model.objects.create_user(username)
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


def author_form(author, **extra):
    return {
        "name": author.name,
        "slug": author.slug,
        "job_title": author.job_title,
        "bio": "",
        "photo": "",
        **extra,
    }


def article_form(title):
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
        }
    )


def edit_url(author):
    return reverse("wagtailsnippets_news_author:edit", args=(author.pk,))


def add_article_url(section):
    return reverse("wagtailadmin_pages:add", args=("news", "articlepage", section.pk))


def test_an_account_manager_links_an_account_to_a_byline(client, author, member):
    writer = member(roles.WRITER, "ngovanbut")
    client.force_login(member(roles.ADMINISTRATOR, "quantri"))
    assert 'name="user"' in client.get(edit_url(author)).content.decode()
    response = client.post(edit_url(author), author_form(author, user=writer.pk))
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.user == writer and writer.author == author


@pytest.mark.parametrize("role", [roles.WRITER, roles.EDITOR])
def test_others_who_edit_authors_neither_see_nor_set_the_link(
    client, author, member, role
):
    """A writer may fix a biography, not claim a name for their account."""
    user = member(role, "nguoisua")
    client.force_login(user)
    html = client.get(edit_url(author)).content.decode()
    assert "Ngô Văn Bút" in html and 'name="user"' not in html
    response = client.post(
        edit_url(author), author_form(author, job_title="Biên tập", user=user.pk)
    )
    assert response.status_code == 302
    author.refresh_from_db()
    assert author.job_title == "Biên tập" and author.user is None


def bylines_offered(response):
    formset = response.context["form"].formsets["article_authors"]
    return [form.instance.author for form in formset.forms]


def test_a_linked_writer_starts_an_article_with_their_byline(
    client, section, author, member
):
    writer = member(roles.WRITER, "ngovanbut")
    Author.objects.filter(pk=author.pk).update(user=writer)
    client.force_login(writer)
    response = client.get(add_article_url(section))
    assert bylines_offered(response) == [author]
    assert "Ngô Văn Bút" in response.content.decode()


def test_an_unlinked_writer_starts_with_no_byline(client, section, author, member):
    client.force_login(member(roles.WRITER, "phongvienmoi"))
    assert bylines_offered(client.get(add_article_url(section))) == []


def test_the_byline_is_only_offered_not_forced(client, section, author, member):
    """Saved as sent: a writer who removed the byline saves none."""
    writer = member(roles.WRITER, "ngovanbut")
    Author.objects.filter(pk=author.pk).update(user=writer)
    client.force_login(writer)
    client.post(add_article_url(section), article_form("Bài không ký tên"))
    assert not ArticlePage.objects.get(title="Bài không ký tên").article_authors.all()
