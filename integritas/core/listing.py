"""Search, filters, sorting, pagination and Excel export for every list page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.utils import timezone

from integritas.core.xlsx import xlsx_response


@dataclass(frozen=True)
class Filter:
    param: str
    lookup: str
    label: str
    choices: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]


@dataclass(frozen=True)
class ListSpec:
    search_fields: Sequence[str]
    sorts: dict[str, str]
    default_sort: str
    filters: Sequence[Filter] = ()
    export_columns: Sequence[Column] = ()
    export_name: str = "export"
    per_page: int = 50
    max_export_rows: int = 100_000
    extra_filters: dict[str, Callable[[QuerySet, str], QuerySet]] = field(default_factory=dict)


def apply_list(request, queryset: QuerySet, spec: ListSpec):
    """Return an Excel response for `?format=xlsx`, else the template context for the page."""
    params = request.GET
    query = params.get("q", "").strip()
    if query:
        condition = Q()
        for name in spec.search_fields:
            condition |= Q(**{f"{name}__icontains": query})
        queryset = queryset.filter(condition)
    active_filters = {}
    for flt in spec.filters:
        value = params.get(flt.param, "").strip()
        allowed = {str(c[0]) for c in flt.choices}
        if value and (not allowed or value in allowed):
            queryset = queryset.filter(**{flt.lookup: value})
            active_filters[flt.param] = value
    for param, apply in spec.extra_filters.items():
        value = params.get(param, "").strip()
        if value:
            queryset = apply(queryset, value)
            active_filters[param] = value
    sort = params.get("sort", spec.default_sort)
    if sort.lstrip("-") not in spec.sorts:
        sort = spec.default_sort
    descending = sort.startswith("-")
    order = spec.sorts[sort.lstrip("-")]
    queryset = queryset.order_by(f"-{order}" if descending else order, "pk")

    if params.get("format") == "xlsx" and spec.export_columns:
        rows = (
            [column.value(obj) for column in spec.export_columns]
            for obj in queryset[: spec.max_export_rows].iterator(chunk_size=2000)
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(f"{spec.export_name}-{stamp}.xlsx", spec.export_name,
                             [str(c.header) for c in spec.export_columns], rows)

    paginator = Paginator(queryset, spec.per_page)
    page_obj = paginator.get_page(params.get("page"))
    keep = params.copy()
    keep.pop("page", None)
    keep_query = keep.urlencode()
    export = params.copy()
    export.pop("page", None)
    export["format"] = "xlsx"
    return {
        "page_obj": page_obj,
        "object_list": page_obj.object_list,
        "query": query,
        "active_filters": active_filters,
        "filters": spec.filters,
        "sort": sort,
        "query_without_page": f"{keep_query}&" if keep_query else "",
        "export_url": f"?{export.urlencode()}",
    }
