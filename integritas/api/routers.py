"""Every app's router, mounted under /api/v1/."""

ROUTERS: list = []
