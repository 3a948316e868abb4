"""The per-process memos: one API, a name each, a time to live, the
generations they follow; and each of the project's memos goes through it."""

import itertools
import time

import pytest
from django.core.cache import caches
from django.test import RequestFactory, override_settings

from toasoan.comments.templatetags import comments_tags
from toasoan.news import caching, context_processors, queries
from toasoan.news import search as news_search
from toasoan.pagecache import fragments, memo, middleware, tags
from toasoan.pagecache.templatetags import pagecache_tags
from toasoan.reach import mostread
from toasoan.search import service

pytestmark = pytest.mark.django_db

# Every per-process memo of the project, and who keeps it.
PROJECT_MEMOS = {
    "address": memo.ADDRESSES,
    "site": middleware.SITES,
    "site-root-paths": middleware.ROOT_PATHS,
    "fragment": pagecache_tags.BLOCKS,
    "route-article": caching.ARTICLES,
    "route-not-article": caching.ELSEWHERE,
    "restricted-paths": queries.RESTRICTED,
    "menu": context_processors.MENUS,
    "search-plain-text": news_search.PLAIN_TEXTS,
    "search-outcome": service.OUTCOMES,
    "most-read": mostread.LISTS,
    "comment-settings": comments_tags.SETTINGS,
}


_numbers = itertools.count()


def new_memo(seconds=60, follows=()):
    return memo.Memo(f"test-{next(_numbers)}", seconds, follows)


@pytest.fixture
def fresh():
    return fragments.Generations(RequestFactory().get("/"))


@pytest.fixture
def counter():
    made = []

    def make():
        made.append(1)
        return {"made": len(made)}

    make.made = made
    return make


def test_every_memo_of_the_project_is_one_of_the_api():
    found = memo.memos()
    assert {name: found.get(name) for name in PROJECT_MEMOS} == PROJECT_MEMOS


def test_two_memos_cannot_share_a_name():
    with pytest.raises(ValueError):
        memo.Memo("site", 1)


def test_an_answer_is_kept_and_given_as_a_copy(counter):
    kept = new_memo(60)
    first = kept.get_or_make(counter, "a")
    first["made"] = "changed by a request"
    assert kept.get_or_make(counter, "a") == {"made": 1}
    assert kept.get_or_make(counter, "b") == {"made": 2}  # other parts


def test_a_purge_of_a_followed_generation_leaves_the_answer_behind(fresh, counter):
    kept = new_memo(60, follows=(tags.SITE,))
    assert kept.get_or_make(counter, fresh=fresh) == {"made": 1}
    assert kept.get_or_make(counter, fresh=fresh) == {"made": 1}
    fragments.bump([tags.VIDEOS])  # not followed
    later = fragments.Generations(RequestFactory().get("/"))
    assert kept.get_or_make(counter, fresh=later) == {"made": 1}
    fragments.bump([tags.SITE])
    later = fragments.Generations(RequestFactory().get("/"))
    assert kept.get_or_make(counter, fresh=later) == {"made": 2}


def test_without_generations_at_hand_the_answer_is_made_afresh(counter):
    kept = new_memo(60, follows=(tags.SITE,))
    assert fragments.current() is None
    kept.get_or_make(counter)
    kept.get_or_make(counter)
    assert len(counter.made) == 2


def test_the_current_generations_are_used_when_none_are_given(fresh, counter):
    kept = new_memo(60, follows=(tags.SITE,))
    token = fragments.set_current(fresh)
    try:
        kept.get_or_make(counter)
        kept.get_or_make(counter)
    finally:
        fragments.reset_current(token)
    assert len(counter.made) == 1


def test_no_time_to_live_turns_a_memo_off(counter):
    seconds = [60]
    kept = new_memo(lambda: seconds[0])
    kept.get_or_make(counter)
    kept.get_or_make(counter)
    seconds[0] = 0
    kept.get_or_make(counter)
    kept.set("ignored")
    assert kept.get() is None
    assert len(counter.made) == 2


def test_an_answer_expires(counter, monkeypatch):
    kept = new_memo(5)
    kept.get_or_make(counter)
    kept.get_or_make(counter)
    later = time.time() + 6
    monkeypatch.setattr(time, "time", lambda: later)  # the store's clock
    kept.get_or_make(counter)
    assert len(counter.made) == 2


def test_keys_are_short_and_safe_whatever_the_parts(fresh):
    kept = new_memo(60, follows=(tags.SITE,))
    key = kept.key(("a host:80", "Đà Nẵng " * 100), fresh)
    assert key.startswith(f"memo:{kept.name}:{fresh.peek(tags.SITE)}:")
    assert len(key) < 100 and " " not in key


def test_a_memo_can_follow_more_generations_for_one_answer(fresh):
    kept = new_memo(60, follows=(tags.SITE,))
    kept.set("article", "address", fresh=fresh, follows=("page:7",))
    assert kept.get("address", fresh=fresh, follows=("page:7",)) == "article"
    fragments.bump(["page:7"])
    later = fragments.Generations(RequestFactory().get("/"))
    assert kept.get("address", fresh=later, follows=("page:7",)) is None


@override_settings(PAGE_FRAGMENT_SECONDS=600)
def test_what_an_address_led_to_is_read_once_per_request(rf, monkeypatch):
    request = rf.get("/thoi-su/bai/")
    memo.ADDRESSES.set("known", memo.address_key(request))
    reads = []
    store = caches[memo.STORE]
    real_get = store.get
    monkeypatch.setattr(
        store, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    assert memo.known_address(request) == "known"
    assert memo.known_address(request) == "known"
    assert len(reads) == 1
    memo.remember_address(request, "other")
    assert memo.known_address(request) == "other"
    assert len(reads) == 1
