"""The web front end: a REST API (FastAPI) and a dashboard over the event store.

:func:`dyad.web.app.create_app` builds the ASGI app; ``dyad serve`` runs it on uvicorn.
Routes live in :mod:`dyad.web.app`, thin handlers in :mod:`dyad.web.api`, the dashboard's own
assets (HTML, CSS, JS, a Natural Earth world outline) in ``static/``; the logic is in
:mod:`dyad.store`.
"""
