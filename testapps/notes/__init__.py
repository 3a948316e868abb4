"""A page type only the tests know: a new content type plugs into the page
cache (cache_rules.py), the <head> (NotePage.seo_head) and the roles
(NotePage.creatable_by) by its own modules, without a line changed in
toasoan.pagecache, toasoan.reach or toasoan.roles."""
