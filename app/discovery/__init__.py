"""Discovery (issue 10): listing and organisation search over the search/ package.

app/indexing.py keeps the index in step with SQL through the outbox; this package reads it:
services (query building, hydration, facets), the JSON API, the HTML page and `flask search …`.
"""
from . import cli  # noqa: F401  (registers the `flask search` command group)
from . import hydrate  # noqa: F401,E402  (catalog hydration and facet names, when the catalog exists)
