"""Coded domain errors (the Saleor habit).

Services raise `DomainError` with a stable code; the UI shows the message beside the field and the
API returns it as JSON with a 4xx status. Messages are English source strings translated by the `id`
catalogue, so the user sees them in their own language.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.functional import Promise


class DomainError(Exception):
    status = 400

    def __init__(self, code: str, message: str | Promise, *, field: str | None = None,
                 status: int | None = None, **params: Any):
        self.code = code
        self.message = message
        self.field = field
        self.params = params
        if status is not None:
            self.status = status
        super().__init__(f"{code}: {self.render('en')}")

    def render(self, language: str | None = None) -> str:
        if language is None:
            return str(self.message) % self.params if self.params else str(self.message)
        with translation.override(language):
            return self.render()

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.render(),
            "message_id": self.render("id"),
            "message_en": self.render("en"),
            "field": self.field,
        }


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403
