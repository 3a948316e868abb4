"""Search fields that hand the engine Vietnamese-ready text.

Using these in `search_fields` is all a model needs: the backend indexes the
exact and folded spellings (see `text.index_text`) whatever engine runs it.
"""

from modelsearch import index

from toasoan.vietnamese import fold

from .text import index_text


def as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(as_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(as_text(v) for v in value.values())
    return str(getattr(value, "name", value))


def _memo(obj, key, compute):
    """The indexer asks each field three times (title, body, autocomplete)."""
    cache = obj.__dict__.setdefault("_search_text_cache", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


class SearchField(index.SearchField):
    def get_value(self, obj):
        parent = super().get_value
        return _memo(
            obj, ("s", self.field_name), lambda: index_text(as_text(parent(obj)))
        )


class AutocompleteField(index.AutocompleteField):
    def get_value(self, obj):
        parent = super().get_value
        return _memo(obj, ("a", self.field_name), lambda: fold(as_text(parent(obj))))


def page_search_fields(page_model, *extra):
    """A page model's search fields, title included, in Vietnamese form."""
    kept = [
        f
        for f in page_model.search_fields
        if not isinstance(f, (index.SearchField, index.AutocompleteField))
    ]
    return [
        *kept,
        SearchField("title", boost=2),
        AutocompleteField("title"),
        *extra,
    ]


def vietnamese_fields(fields):
    """`fields` with each search and autocomplete field made Vietnamese-aware,
    related ones (an image's tags) included: for the models we do not define,
    Wagtail's images and documents, whose admin search must fold as ours do.
    """
    made = []
    for field in fields:
        if isinstance(field, index.RelatedFields):
            field = index.RelatedFields(
                field.field_name, vietnamese_fields(field.fields)
            )
        elif type(field) is index.SearchField:
            field = SearchField(field.field_name, boost=field.boost, **field.kwargs)
        elif type(field) is index.AutocompleteField:
            field = AutocompleteField(field.field_name, **field.kwargs)
        made.append(field)
    return made
