"""Value parsing for order placement: every problem is collected and answered as one 400 that names it."""

from datetime import UTC
from decimal import Decimal, InvalidOperation

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from common.errors import ValidationFailed
from orders.shapes import money

# Every order total is stored with 12 digits, 2 after the point.
MONEY_LIMIT = Decimal(10) ** 10


class Problems:
    """Collect field problems; `raise_if_any()` answers 400 naming every one of them."""

    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(str(message))

    def raise_if_any(self) -> None:
        if self.errors:
            text = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in self.errors.items())
            raise ValidationFailed(text, data=self.errors)

    def money(self, field: str, value, *, required: bool = True) -> Decimal | None:
        """A money amount given as a number or a decimal string (never a bool), ≥ 0, to the cent."""
        if value is None or value == "":
            if required:
                self.add(field, _("This field is required."))
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.add(field, _("Must be a number or a decimal string."))
            return None
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            self.add(field, _("Must be a number or a decimal string."))
            return None
        if not amount.is_finite() or amount < 0:
            self.add(field, _("Must be a finite amount, not negative."))
            return None
        if amount >= MONEY_LIMIT:
            self.add(field, _("Must be less than %(limit)s.") % {"limit": MONEY_LIMIT})
            return None
        if amount != amount.quantize(Decimal("0.01")):
            self.add(field, _("At most two decimal places."))
            return None
        return money(amount)

    def decimal(self, field: str, value, *, minimum=None, maximum=None, places: int | None = None) -> Decimal | None:
        if value is None or isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.add(field, _("Must be a number or a decimal string."))
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            self.add(field, _("Must be a number or a decimal string."))
            return None
        if not number.is_finite() or (minimum is not None and number < minimum) or (
            maximum is not None and number > maximum
        ):
            self.add(field, _("Must be between %(min)s and %(max)s.") % {"min": minimum, "max": maximum})
            return None
        if places is not None and number != number.quantize(Decimal(1).scaleb(-places)):
            self.add(field, _("At most %(places)d decimal places.") % {"places": places})
            return None
        return number

    def datetime(self, field: str, value, *, required: bool = False):
        """An ISO 8601 time; a naive one is read as UTC."""
        if value in (None, ""):
            if required:
                self.add(field, _("This field is required."))
            return None
        parsed = None
        if isinstance(value, str):
            try:
                parsed = parse_datetime(value.strip())
            except ValueError:
                parsed = None
        if parsed is None:
            self.add(field, _("Not an ISO 8601 time: %(value)s.") % {"value": value})
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)

    def must_equal(self, field: str, given: Decimal | None, computed: Decimal, what: str) -> None:
        """A client total must equal the server's; the answer names both numbers."""
        if given is not None and given != computed:
            self.add(
                field,
                _("%(field)s %(given)s does not match the computed %(what)s %(computed)s.")
                % {"field": field, "given": given, "what": what, "computed": computed},
            )
