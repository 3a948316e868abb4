"""`{% fragment %}`: a block kept in process memory with the tags it shows.

Like Django's `{% cache %}`, but a hit also records on the request the
page-cache tags that rendering the block recorded (the cards of a list, say),
so that a page assembled from kept blocks is purged exactly as one made from
scratch. Previews are never kept, nor a block whose key has an empty part.

    {% fragment "related" page.pk generations %}...{% endfragment %}

`fresh|shows:"print"`: the generation of a shared tag, for the key of a block
that shows it; the page is tagged with it (fragments.Generations.show).
"""

from django import template
from django.utils.translation import get_language

from .. import fragments, tags
from ..memo import Memo

register = template.Library()
# The blocks, under their name and key parts (which hold the generations of
# what they show): no generation of their own.
BLOCKS = Memo("fragment", fragments.seconds)


@register.filter
def shows(fresh, name):
    """`{% cache 3600 print_box fresh|shows:"print" %}`: the generation of
    "print", the page tagged with it ("" without generations: a template
    rendered without the site's context)."""
    show = getattr(fresh, "show", None)
    return "" if show is None else show(name)


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if not BLOCKS.seconds() or request is None:
            return self.nodelist.render(context)
        if getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        values = [part.resolve(context) for part in self.parts]
        if any(value is None or value == "" for value in values):
            return self.nodelist.render(context)  # no key: not kept
        key = BLOCKS.key((self.name, get_language() or "", *values))
        kept = BLOCKS.get_at(key)
        if kept is not None:
            html, shown = kept
            tags.add(request, *shown)
            return html
        outer = getattr(request, tags.ATTRIBUTE, None)
        setattr(request, tags.ATTRIBUTE, set())
        try:
            html = self.nodelist.render(context)
        finally:
            shown = frozenset(tags.of(request))
            setattr(request, tags.ATTRIBUTE, outer)
        tags.add(request, *shown)
        BLOCKS.set_at(key, (html, shown))
        return html


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name = bits[1].strip("\"'")
    return FragmentNode(nodelist, name, [parser.compile_filter(b) for b in bits[2:]])
