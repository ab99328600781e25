"""Issue 17 (`--checks all` fuzzing): the server takes exactly what the schema documents for text and decimals."""

import re
from decimal import Decimal

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from common.fields import NOT_BLANK, IdOrText, decimal_pattern


class Sample(serializers.Serializer):
    name = serializers.CharField(max_length=20)
    ref = IdOrText(max_length=20)
    price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=Decimal("0.01"))
    rate = serializers.DecimalField(max_digits=12, decimal_places=6, min_value=Decimal("0.000001"))
    value = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0"))
    delta = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)


VALID = {"name": "x", "ref": "bob", "price": "1.50", "rate": "0.5", "value": "0"}


def errors(**changes):
    form = Sample(data={**VALID, **changes})
    return {} if form.is_valid() else form.errors


def test_text_fields_refuse_json_numbers_and_booleans():
    assert "name" in errors(name=12)
    assert "name" in errors(name=1.5)
    assert "name" in errors(name=True)
    assert errors(name="12") == {}


def test_id_or_text_takes_a_positive_integer_or_a_name():
    form = Sample(data={**VALID, "ref": 7})
    assert form.is_valid(), form.errors
    assert form.validated_data["ref"] == "7"
    for bad in (0, -3, 1.5, True, " ", ""):
        assert "ref" in errors(ref=bad), bad


@pytest.mark.parametrize("text", ["1", "1.5", "1.", ".5", "0.01", "00.01", "10.00", "9999999999.99"])
def test_positive_money_text_matches_the_pattern_and_is_accepted(text):
    assert re.fullmatch(decimal_pattern(Sample().fields["price"]), text)
    assert errors(price=text) == {}


@pytest.mark.parametrize("text", ["0", "0.00", ".0", "-1", " 1", "1e3", "1.234", "+1", "", "."])
def test_other_money_text_is_refused_and_outside_the_pattern(text):
    assert not re.fullmatch(decimal_pattern(Sample().fields["price"]), text)
    assert "price" in errors(price=text)


def test_the_sign_is_documented_only_when_negative_values_are_taken():
    assert errors(delta="-1.25") == {}
    assert "value" in errors(value="-1")
    assert re.fullmatch(decimal_pattern(Sample().fields["delta"]), "-1.25")
    assert not re.fullmatch(decimal_pattern(Sample().fields["value"]), "-1")


def test_json_numbers_are_read_to_the_fields_grid_inside_the_bounds():
    form = Sample(data={**VALID, "price": 0.5700000000000001, "rate": 1e-6, "value": 3})
    assert form.is_valid(), form.errors
    assert form.validated_data["price"] == Decimal("0.57")
    assert form.validated_data["rate"] == Decimal("0.000001")
    assert form.validated_data["value"] == Decimal("3")
    # Bounds apply to the number as sent: 0.009 is below 0.01 and is not rounded up into range.
    assert "price" in errors(price=0.009)
    assert "price" in errors(price=1e-228)
    assert "value" in errors(value=10000)
    assert "price" in errors(price=True)


def test_the_schema_documents_text_and_number_for_decimals_and_a_non_blank_text():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    exchange = schema["components"]["schemas"]["ExchangeOrderCreateApiExchangeOrderCreateInputRequest"]
    amount = exchange["properties"]["amount"]
    text, number = amount["oneOf"]
    assert text["type"] == "string" and not re.fullmatch(text["pattern"], "0.00") and re.fullmatch(text["pattern"], "0.01")
    assert number == {"type": "number", "minimum": 0.01, "maximum": 9999999999.99}
    token = schema["components"]["schemas"]["TokenApiInputRequest"]["properties"]["username"]
    assert token["pattern"] == NOT_BLANK
    assert not re.search(NOT_BLANK, "\x1d \t") and re.search(NOT_BLANK, " a")


def test_max_length_counts_the_text_as_sent_before_trimming():
    """Fuzz (seed 3): a nickname of "\\x85\\x0e" + 48 characters had 50 > maxLength, but DRF measured it trimmed."""
    assert "name" in errors(name=" " + "x" * 20)
    assert errors(name="x" * 20) == {}
    form = Sample(data={**VALID, "name": " x "})
    assert form.is_valid() and form.validated_data["name"] == "x"
