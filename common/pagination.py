"""The one pagination of the API (DESIGN §4): `{"list": [...], "pagination": {page, size, total, next}}`.

- `?page=1&size=10` (size ≤ 100), or the seeds' `offset`/`limit`: OFFSET paging, linear in the page number;
- `?cursor=…` (the `next` of the previous answer): keyset paging on the list's ordering, flat at any depth
  (lists that declare `cursor_fields`);
- `total` is exact below `COUNT_CACHE_FROM` rows; lists that pass `estimate=True` (the large public lists)
  keep a larger count for `COUNT_CACHE_SECONDS` in the process instead of scanning the table on every request.
"""

import base64
import json
import time

from django.core.exceptions import EmptyResultSet
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections
from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from common.query import query_value, refused

COUNT_CACHE_FROM = 1000
COUNT_CACHE_SECONDS = 60
COUNT_CACHE_ENTRIES = 1024  # distinct lists (filters, callers) kept per process; all forgotten when full
_counts: dict[tuple, tuple[float, int]] = {}


MAX_PAGE_PARAM = 10**9  # page, size, offset and limit alike: beyond this OFFSET overflows the database's integer


def _bounded(minimum: int) -> dict:
    return {"type": "integer", "minimum": minimum, "maximum": MAX_PAGE_PARAM}


# The bounds the paginator enforces (a 400 outside them), so the schema says them (issue 17, the fuzzer).
PAGE_PARAMETERS = [
    OpenApiParameter("page", _bounded(1), description="Page number (1-based); linear in the page number."),
    OpenApiParameter("size", _bounded(1), description="Page size; more than 100 is answered as 100."),
    OpenApiParameter("offset", _bounded(0), description="Seed-style offset (instead of page)."),
    OpenApiParameter("limit", _bounded(1), description="Seed-style limit (instead of size)."),
]
CURSOR_PARAMETER = OpenApiParameter("cursor", str, description="`pagination.next` of the previous page: keyset "
                                                               "paging, as fast on the last page as on the first.")


def _field_value(row, name):
    return row[name] if isinstance(row, dict) else getattr(row, name)


def _json_value(value):
    return value.isoformat() if hasattr(value, "isoformat") else str(value) if not isinstance(value, int) else value


def cursor_encode(row, fields) -> str:
    values = [_json_value(_field_value(row, f.lstrip("-"))) for f in fields]
    return base64.urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def keyset_filter(queryset, fields, raw: str):
    """Rows after the cursor `raw` in the order `fields` (e.g. ("-created_at", "-id")). The leading field's bound
    is an index condition on its own, so the scan starts at the cursor."""
    try:
        values = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        if not isinstance(values, list) or len(values) != len(fields):
            raise ValueError
        model = queryset.model
        values = [model._meta.get_field(f.lstrip("-")).to_python(v) for f, v in zip(fields, values, strict=True)]
    except (ValueError, TypeError, DjangoValidationError, UnicodeDecodeError):
        raise refused("cursor", _("Invalid cursor.")) from None
    after = Q()
    equal = {}
    for field, value in zip(fields, values, strict=True):
        name = field.lstrip("-")
        after |= Q(**equal, **{f"{name}__{'lt' if field.startswith('-') else 'gt'}": value})
        equal[name] = value
    first = fields[0].lstrip("-")
    lead = Q(**{f"{first}__{'lte' if fields[0].startswith('-') else 'gte'}": values[0]})
    return queryset.filter(lead & after)


def count_of(queryset, *, estimate: bool = False) -> int:
    """The number of rows; with `estimate`, a count of at least COUNT_CACHE_FROM is kept COUNT_CACHE_SECONDS in
    this process (no network round trip: each worker counts a large list once a minute)."""
    if not hasattr(queryset, "query"):  # a list or list-like (e.g. travel's scored MatchList)
        return len(queryset)
    if not estimate:
        return queryset.count()
    try:  # one compilation: the unordered SQL is both the cache key and the counted subquery
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:
        return 0
    key = (queryset.db, sql, repr(params))
    now = time.monotonic()
    kept = _counts.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)  # noqa: S608 — the ORM's own SQL
        total = cursor.fetchone()[0]
    if total >= COUNT_CACHE_FROM:
        if len(_counts) >= COUNT_CACHE_ENTRIES:
            _counts.clear()
        _counts[key] = (now + COUNT_CACHE_SECONDS, total)
    return total


def count_cache_clear() -> None:
    """Forget the kept counts (tests)."""
    _counts.clear()


class PageSizePagination(BasePagination):
    default_size = 10
    max_size = 100
    max_param = MAX_PAGE_PARAM

    page = None
    next = None

    def _int_param(self, request, name, default, minimum):
        """The integer `name` under the query rule (common.query): given once, empty is `default`."""
        raw = query_value(request.query_params, name, _bounded(minimum) | {"maximum": self.max_param})
        return default if raw is None else int(raw)

    def window(self, request) -> tuple[int, int]:
        """The offset and size the request asks for; sets `page` and `size` for the answer."""
        # Every one of the four is checked, also the pair not used (`?limit=5&page=x` is a 400, not page 1).
        page, size = self._int_param(request, "page", 1, 1), self._int_param(request, "size", self.default_size, 1)
        limit, offset = self._int_param(request, "limit", None, 1), self._int_param(request, "offset", None, 0)
        if limit is not None or offset is not None:
            size = limit or self.default_size
            offset = offset or 0
        else:
            offset = (page - 1) * min(size, self.max_size)
        self.size = min(size, self.max_size)
        self.offset = offset
        self.page = offset // self.size + 1
        return offset, self.size

    def paginate_queryset(self, queryset, request, view=None, *, cursor_fields=None, estimate=False):
        raw_cursor = query_value(request.query_params, "cursor") if cursor_fields else None
        offset, size = self.window(request)
        self.total = count_of(queryset, estimate=estimate)
        if raw_cursor:
            self.page = None
            rows = list(keyset_filter(queryset, cursor_fields, raw_cursor)[:size])
        else:
            rows = list(queryset[offset: offset + size])
        if cursor_fields:
            self.next = cursor_encode(rows[-1], cursor_fields) if len(rows) == size else None
        return rows

    def get_paginated_response(self, data):
        return list_response(data, page=self.page, size=self.size, total=self.total, next=self.next)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["list", "pagination"],
            "properties": {
                "list": schema,
                "pagination": {
                    "type": "object",
                    "required": ["page", "size", "total"],
                    "properties": {
                        "page": {"type": "integer", "nullable": True,
                                 "description": "Null when the page was asked by `cursor`."},
                        "size": {"type": "integer"},
                        "total": {"type": "integer",
                                  "description": f"Exact below {COUNT_CACHE_FROM} rows; above, public lists may "
                                                 f"answer a count up to {COUNT_CACHE_SECONDS} s old."},
                        "next": {"type": "string", "nullable": True,
                                 "description": "Cursor of the next page (lists that page by cursor), null at the "
                                                "end."},
                    },
                },
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {"name": p.name, "required": False, "in": "query", "description": p.description, "schema": p.type}
            for p in PAGE_PARAMETERS
        ]


def list_response(data, *, page, size, total, next=None) -> Response:  # noqa: A002 — the envelope's name
    """The list envelope's `data`: {"list": [...], "pagination": {page, size, total[, next]}}."""
    pagination = {"page": page, "size": size, "total": total}
    if next is not None:
        pagination["next"] = next
    return Response({"list": data, "pagination": pagination})


def paginate(request, queryset, serializer_class=None, *, view=None, context=None, rows=None,
             cursor_fields=None, estimate=False, cached=None) -> Response:
    """One page of `queryset` in the list envelope. Rows are rendered by `serializer_class`, or by `rows`
    (a function from the page's rows to plain dicts: the lean path of the hot lists).

    `cached(offset, size)`: the page's rendered rows and the total from a cache, or None when the cache cannot
    answer (then `queryset` does)."""
    paginator = PageSizePagination()
    if cached is not None:
        hit = cached(*paginator.window(request))
        if hit is not None:
            data, paginator.total = hit
            return paginator.get_paginated_response(data)
    page = paginator.paginate_queryset(queryset, request, view, cursor_fields=cursor_fields, estimate=estimate)
    if rows is not None:
        return paginator.get_paginated_response(rows(page))
    ctx = {"request": request, **(context or {})}
    return paginator.get_paginated_response(serializer_class(page, many=True, context=ctx).data)
