"""`integritas load_libraries` checks `libraries/cases/` (held in memory by cases.reference)."""

from __future__ import annotations

from integritas.cases import reference
from integritas.core.libraries import Document, LoadResult, library_loader


@library_loader("cases")
def check_cases_library(documents: list[Document]) -> LoadResult:
    root = documents[0][0].parent.parent if documents else reference.LIBRARIES_DIR
    reference._library.cache_clear()
    return LoadResult("cases", unchanged=reference.validate(root))
