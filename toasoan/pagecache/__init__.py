"""Whole-page cache for anonymous readers, with exact purges.

Pages declare what they show as tags (`tags.add`); a change to an article,
section, video, print issue or comment purges exactly the cached addresses
carrying its tags, in this cache and, through Wagtail's frontend-cache
backends, in nginx. See docs/performance.md.
"""
