"""LKE frameworks and scoring over the API (mounted under /api/v1/zi)."""

from ninja import Router

router = Router(tags=["zi"])
