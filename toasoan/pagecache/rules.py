"""Content apps sign up here: what their pages show, what their changes purge.

The page cache knows no content type. Each app declares its rules in its own
module (``<app>/cache_rules.py``), called from its ``AppConfig.ready``, as the
search registry (``toasoan/search/registry.py``) does:

- ``page(model, shows=..., published=..., gone=..., remember=..., image=...)``
  for a Wagtail page type: the tags a served page records, the tags its
  publication and its unpublication or deletion purge, the state to read
  before a save (given to ``published``), the tags to purge beyond its own
  ``page:<id>`` when an image it shows changes;
- ``model(model, changed=..., signals=..., image=...)`` for any other model:
  the tags a save or deletion purges, and those of an image it shows.

A page type without rules shows nothing of its own, and its publication or
removal purges ``site`` (it may be in the menu, which every page shows).
Rules apply to subclasses too; the most specific registered class wins.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from . import tags


def _nothing(*args):
    return ()


def _whole_site(*args):
    return (tags.SITE,)


@dataclass(frozen=True)
class PageRules:
    shows: Callable = _nothing  # (page) -> tags recorded when it is served
    published: Callable = _whole_site  # (page, remembered) -> tags
    gone: Callable = _whole_site  # (page) -> tags, unpublished or deleted
    remember: Callable | None = None  # (page) -> state before a save
    image: Callable = _nothing  # (page id) -> tags beyond page:<id>


@dataclass(frozen=True)
class ModelRules:
    changed: Callable  # (instance, created) -> tags
    signals: tuple = (post_save, post_delete)
    image: Callable = _nothing  # (object id) -> tags


DEFAULT_PAGE = PageRules()
_pages: dict[type, PageRules] = {}
_models: dict[type, ModelRules] = {}
# Called with (model, rules) for each model registered, once the page cache
# has started (signals.connect); models registered before are connected then.
_on_register: list[Callable] = []


def page(model, **rules):
    _pages[model] = PageRules(**rules)
    return model


def model(model, **rules):
    _models[model] = ModelRules(**rules)
    for listener in _on_register:
        listener(model, _models[model])
    return model


def on_register(listener):
    """Call `listener(model, rules)` for every model registered, now and later."""
    _on_register.append(listener)
    for known, rules in list(_models.items()):
        listener(known, rules)


def _find(registry, cls):
    for klass in cls.__mro__:
        if klass in registry:
            return registry[klass]
    return None


def for_page(cls) -> PageRules:
    return _find(_pages, cls) or DEFAULT_PAGE


def for_model(cls) -> ModelRules | None:
    return _find(_models, cls)


def changed_model(cls) -> ModelRules | None:
    """The rules of exactly this model (signals are sent per class)."""
    return _models.get(cls)


def image_tags(cls, object_id, is_page) -> Iterable[str]:
    """What to purge when an image shown by `cls` <object_id> changes."""
    if is_page:
        return (tags.page(object_id), *for_page(cls).image(object_id))
    rules = for_model(cls)
    return rules.image(object_id) if rules else ()
