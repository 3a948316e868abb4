"""`{% fragment %}`: a block kept in process memory with the tags it shows.

Like Django's `{% cache %}`, but a hit also records on the request the
page-cache tags that rendering the block recorded (the cards of a list, say),
so that a page assembled from kept blocks is purged exactly as one made from
scratch. Previews are never kept, nor a block whose key has an empty part.

    {% fragment "related" page.pk generations %}...{% endfragment %}
"""

import hashlib

from django import template
from django.core.cache import caches
from django.utils.translation import get_language

from .. import fragments, tags

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist = nodelist
        self.name = name
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        timeout = fragments.seconds()
        if not timeout or request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        values = [part.resolve(context) for part in self.parts]
        if any(value is None or value == "" for value in values):
            return self.nodelist.render(context)  # no key: not kept
        values = ":".join([get_language() or "", *(str(value) for value in values)])
        key = f"fragment:{self.name}:{hashlib.md5(values.encode()).hexdigest()}"
        local = caches["template_fragments"]
        kept = local.get(key)
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
        local.set(key, (html, shown), timeout)
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
