"""Writes for LKE frameworks: a Pemda uploads its own framework file (JSON or YAML)."""

from __future__ import annotations

import json

import yaml
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from integritas.audit.services import record
from integritas.core.errors import DomainError
from integritas.core.services import service
from integritas.lke.frameworks import FrameworkError
from integritas.lke.libraries import framework_fields
from integritas.lke.models import LkeFramework

MAX_FILE_BYTES = 2 * 1024 * 1024


class InvalidFramework(DomainError):
    """A framework document with problems; `problems` lists each with its node or item code."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("lke.invalid_framework",
                         _("The framework has %(count)s problem(s); nothing was saved."),
                         field="file", count=len(problems))

    def as_dict(self):
        return {**super().as_dict(),
                "problems": [{"code": code, "message": message}
                             for code, message in self.problems]}


def read_document_file(content: bytes | str) -> dict:
    """The mapping in a JSON or YAML file (a framework, or answers). JSON is tried first for
    its clearer errors; YAML reads JSON too."""
    if isinstance(content, bytes):
        if len(content) > MAX_FILE_BYTES:
            raise DomainError("lke.file_too_large", _("The file is larger than 2 MB."),
                              field="file")
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DomainError("lke.unreadable_file", _("The file is not UTF-8 text."),
                              field="file") from error
    try:
        document = json.loads(content)
    except ValueError:
        try:
            document = yaml.safe_load(content)
        except yaml.YAMLError as error:
            raise DomainError("lke.unreadable_file",
                              _("The file is neither valid JSON nor valid YAML: %(error)s"),
                              field="file", error=str(error).splitlines()[0]) from error
    if not isinstance(document, dict):
        raise DomainError("lke.unreadable_file",
                          _("The file must hold a mapping (“key: value” pairs) at the top."),
                          field="file")
    return document


def checked_framework_fields(document: dict) -> dict:
    try:
        return framework_fields(document)
    except FrameworkError as error:
        raise InvalidFramework(error.problems) from error


@service
def upload_framework(tenant, actor, *, content: bytes | str | None = None,
                     document: dict | None = None) -> LkeFramework:
    """Save the tenant's own framework from a file's `content` or a parsed `document`.

    A framework with the same code as one of the tenant's replaces it (the audit keeps both
    hashes); a code of the library is refused, so a Pemda never silently shadows the regulation.
    """
    fields = checked_framework_fields(document if document is not None
                                      else read_document_file(content or b""))
    code = fields["document"]["code"]
    if LkeFramework.objects.filter(tenant__isnull=True, code=code).exists():
        raise DomainError("lke.code_in_library",
                          _("“%(framework)s” is the code of a framework in the library; give "
                            "yours another code (e.g. with the year)."), field="file",
                          framework=code)
    framework = LkeFramework.objects.filter(tenant=tenant, code=code).first()
    if framework is None:
        framework = LkeFramework.objects.create(tenant=tenant, code=code, uploaded_by=actor,
                                                **fields)
        record(tenant, actor, "lke.framework.upload", framework,
               {"code": code, "content_hash": framework.content_hash})
        return framework
    before = framework.content_hash
    for name, value in fields.items():
        setattr(framework, name, value)
    framework.uploaded_by = actor
    framework.save()
    record(tenant, actor, "lke.framework.replace", framework,
           {"code": code, "content_hash": [before, framework.content_hash]})
    return framework


@service
def delete_framework(tenant, actor, framework: LkeFramework) -> None:
    if framework.tenant_id != tenant.pk:
        raise DomainError("lke.library_framework",
                          _("A framework of the library cannot be deleted."))
    record(tenant, actor, "lke.framework.delete", framework,
           {"code": framework.code, "content_hash": framework.content_hash})
    try:
        framework.delete()
    except ProtectedError as error:
        raise DomainError("lke.framework_in_use",
                          _("Assessments use this framework; it cannot be deleted."),
                          ) from error
