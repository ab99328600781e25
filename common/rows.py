"""Plain values for the lean read path (rows built from `values()`, rendered by orjson): the same text DRF's
fields give, without a serializer per row."""

from datetime import UTC, datetime
from decimal import Decimal

CENT = Decimal("0.01")


def money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


def money_str(value) -> str | None:
    """A money amount as DRF's DecimalField(decimal_places=2) renders it: "30.50"."""
    return None if value is None else str(money(value))


def iso(value: datetime | None) -> str | None:
    """An instant as DRF's DateTimeField renders it in UTC: "2026-12-04T12:00:00.123456Z"."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
