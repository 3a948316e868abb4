"""A page type only the tests know: a new content type plugs into the page
cache (cache_rules.py) and the <head> (NotePage.seo_head) by its own modules,
without a line changed in toasoan.pagecache or toasoan.reach."""
