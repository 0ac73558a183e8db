"""Risk and SPIP over the API."""

from ninja import Router

router = Router(tags=["risk"])
