"""What a piece of evidence may be: file types recognised from their first bytes, and the
policy in force (size limit, accepted types) from `libraries/zi/`."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from integritas.core.errors import DomainError

ZIP_MAGIC = b"PK\x03\x04"
# type → (magic prefix, file name suffixes). Both must match: Office files are all zips, and a
# file whose name lies about its content is refused rather than stored under a wrong name.
FILE_TYPES = {
    "pdf": (b"%PDF-", (".pdf",)),
    "jpg": (b"\xff\xd8\xff", (".jpg", ".jpeg")),
    "png": (b"\x89PNG\r\n\x1a\n", (".png",)),
    "xlsx": (ZIP_MAGIC, (".xlsx",)),
    "docx": (ZIP_MAGIC, (".docx",)),
    "pptx": (ZIP_MAGIC, (".pptx",)),
}


def policy_in_force(on: dt.date):
    from integritas.zi.models import EvidencePolicy

    policy = (EvidencePolicy.objects.filter(effective_from__lte=on)
              .order_by("-effective_from").first())
    if policy is None:
        raise DomainError("zi_evidence_policy_missing", _(
            "No evidence rules are loaded; an administrator runs `integritas load_libraries`."),
            field="file")
    return policy


def checked_type(upload, policy) -> str:
    """The type of `upload` if the policy accepts it, else a coded error naming the limits."""
    if upload.size > policy.max_bytes:
        raise DomainError("zi_evidence_too_large",
                          _("The file is %(size)s; the limit is %(limit)s."), field="file",
                          size=filesizeformat(upload.size),
                          limit=filesizeformat(policy.max_bytes))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    suffix = PurePath(upload.name or "").suffix.lower()
    for name in policy.file_types:
        magic, suffixes = FILE_TYPES[name]
        if head.startswith(magic) and suffix in suffixes:
            return name
    raise DomainError("zi_evidence_type",
                      _("This file type is not accepted as evidence. Accepted: %(types)s."),
                      field="file", types=", ".join(t.upper() for t in policy.file_types))
