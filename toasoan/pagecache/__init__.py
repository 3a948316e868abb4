"""Whole-page cache for anonymous readers, with exact purges.

Pages declare what they show as tags (`tags.add`); a change purges exactly the
cached addresses carrying its tags, in this cache and, through Wagtail's
frontend-cache backends, in nginx. Which pages show what, and which changes
purge what, is declared by each content app in its own `cache_rules.py`
(`rules.py`): this app imports none of them. See docs/performance.md.
"""
