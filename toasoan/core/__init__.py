"""What every app of the project uses: page mixins and forms, Vietnamese
slugs, error views, the client's address, security headers, the sandboxed
tool runner and the environment helpers of the settings.

The layer above `toasoan.vietnamese` and below everything else: it imports
only `vietnamese`, Django, Wagtail and libraries, never an engine
(pagecache, search) or a content app.
"""
