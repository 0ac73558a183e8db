"""Anonymous reporting over the API: `/api/v1/public/{tenant}/reports`."""

from ninja import Router

router = Router(tags=["public reporting"])
