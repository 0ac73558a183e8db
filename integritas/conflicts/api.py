"""Conflicts of interest over the API."""

from ninja import Router

router = Router(tags=["conflicts"])
