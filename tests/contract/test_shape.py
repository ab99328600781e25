"""The key-by-key checker itself must fail on a missing key, a wrong type or an empty list."""

import pytest

from tests.contract.shape import assert_shape


@pytest.mark.parametrize("actual", [
    {"list": [{"id": 1}], "pagination": {"page": 1, "size": 10}},  # missing total
    {"list": [{"id": "x", "price": "1.00"}], "pagination": {"page": 1, "size": 10, "total": 1}},  # missing name
    {"list": [], "pagination": {"page": 1, "size": 10, "total": 0}},  # nothing to compare
    {"list": [{"id": 1, "name": "a", "price": "abc"}], "pagination": {"page": 1, "size": 10, "total": 1}},
    {"list": [{"id": 1, "name": 5, "price": "1"}], "pagination": {"page": 1, "size": 10, "total": 1}},
])
def test_shape_mismatches_fail(actual):
    example = {"list": [{"id": 1, "name": "n", "price": 1000.00}], "pagination": {"page": 1, "size": 10, "total": 1}}
    with pytest.raises(AssertionError):
        assert_shape(actual, example)


def test_matching_shape_passes_with_decimal_strings_and_extra_keys():
    assert_shape({"id": 3, "price": "1000.00", "created_at": "2026-01-01T00:00:00Z", "extra": 1},
                 {"id": 1, "price": 1000.00, "created_at": "2023-09-01T12:00:00Z"})
