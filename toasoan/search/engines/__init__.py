"""The search backend of each database, one module each (see `backend`).

Settings name one of them in WAGTAILSEARCH_BACKENDS, from the database
engine (`toasoan.search.conf`). modelsearch's engine module of one database
cannot be imported on the other: nothing imports these modules but
modelsearch's loader and the tests.
"""
