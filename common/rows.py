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


def lean_rows(rows, *, money: tuple[str, ...] = (), instants: tuple[str, ...] = (), dates: tuple[str, ...] = ()) -> list[dict]:
    """`values()` rows of a flat model as its read-only ModelSerializer renders them (no per-row serializer):
    `money` fields as "30.50", `instants` in UTC ("…Z"), `dates` as "YYYY-MM-DD"; other values as they are."""
    out = []
    for row in rows:
        for name in money:
            row[name] = money_str(row[name])
        for name in instants:
            row[name] = iso(row[name])
        for name in dates:
            row[name] = row[name].isoformat() if row[name] is not None else None
        out.append(row)
    return out
