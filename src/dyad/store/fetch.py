"""Polling feeds over HTTP: :mod:`dyad.readers.fetch`, named here for older imports."""

from __future__ import annotations

from dyad.readers.fetch import USER_AGENT, Fetcher, FetchError, fetch_article, poll_feed

__all__ = ["USER_AGENT", "FetchError", "Fetcher", "fetch_article", "poll_feed"]
