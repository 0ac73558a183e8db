"""Gratification over the API."""

from ninja import Router

router = Router(tags=["gratification"])
