"""Oversight trackers and overview over the API."""

from ninja import Router

router = Router(tags=["oversight"])
