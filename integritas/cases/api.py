"""Whistleblowing and complaints over the API."""

from ninja import Router

router = Router(tags=["cases"])
