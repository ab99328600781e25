"""Key-by-key comparison of an answer with a seed example (DESIGN §8)."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation


def _is_iso(value: str) -> bool:
    try:
        (datetime if "T" in value else date).fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def assert_shape(actual, example, path="$"):
    """Every key of `example` is in `actual`, recursively, with a compatible type: ids are integers (or
    uuid strings for orders), money is a decimal string, ISO dates stay ISO dates."""
    if isinstance(example, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        for key, value in example.items():
            assert key in actual, f"{path}: missing key {key!r} (has {sorted(actual)})"
            assert_shape(actual[key], value, f"{path}.{key}")
    elif isinstance(example, list):
        assert isinstance(actual, list), f"{path}: expected a list, got {actual!r}"
        if example:
            assert actual, f"{path}: expected at least one element"
            for index, item in enumerate(actual):
                assert_shape(item, example[0], f"{path}[{index}]")
    elif isinstance(example, bool):
        assert isinstance(actual, bool), f"{path}: expected a boolean, got {actual!r}"
    elif isinstance(example, int):
        ok = isinstance(actual, int) and not isinstance(actual, bool)
        if path.endswith(".id") and isinstance(actual, str):
            ok = True  # order ids are uuids everywhere (DESIGN §8)
        assert ok, f"{path}: expected an integer, got {actual!r}"
    elif isinstance(example, float):
        if isinstance(actual, str):
            try:
                Decimal(actual)
            except InvalidOperation:
                raise AssertionError(f"{path}: expected a decimal string, got {actual!r}") from None
        else:
            assert isinstance(actual, (int, float)) and not isinstance(actual, bool), f"{path}: got {actual!r}"
    elif isinstance(example, str):
        assert isinstance(actual, str), f"{path}: expected a string, got {actual!r}"
        if _is_iso(example) and any(ch.isdigit() for ch in example):
            assert _is_iso(actual), f"{path}: expected an ISO date/time, got {actual!r}"


def assert_echoes(actual: dict, request: dict, path="$"):
    """The values the client sent come back (money compared as decimals)."""
    for key, sent in request.items():
        got = actual[key]
        if isinstance(sent, float):
            assert Decimal(str(got)) == Decimal(str(sent)), f"{path}.{key}: sent {sent!r}, got {got!r}"
        else:
            assert got == sent, f"{path}.{key}: sent {sent!r}, got {got!r}"
