"""Thin request handlers of the REST API: parse parameters, call :mod:`dyad.store`, shape JSON."""
