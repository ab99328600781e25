"""Payment gateways. A gateway starts a payment (a reference and a URL where the payer pays) and later
verifies the provider's callback. The built-in `sandbox` behaves like a real provider (DESIGN §8): its pay
page is ours (`/payments/sandbox/<reference>`), and it answers with a callback whose raw body is signed with
HMAC-SHA256 (`PAYMENT_SANDBOX_SECRET`, header `X-Signature`) to `POST /api/v1/payments/callback/sandbox`."""

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from common.errors import NotFound, PermissionDenied, ValidationFailed
from common.jsonlimits import json_loads_limited


@dataclass(frozen=True)
class PaymentStart:
    reference: str
    pay_url: str


@dataclass(frozen=True)
class PaymentOutcome:
    """What a verified callback says happened to one payment."""

    reference: str
    paid: bool
    amount: Decimal
    transaction_id: str
    raw: dict


class PaymentGateway:
    """The interface every provider implements."""

    name: str = ""

    def start(self, *, amount: Decimal, order_no: str) -> PaymentStart:  # pragma: no cover - interface
        raise NotImplementedError

    def verify_callback(self, *, body: bytes, headers) -> PaymentOutcome:  # pragma: no cover - interface
        raise NotImplementedError

    def pay_url(self, *, reference: str) -> str:  # pragma: no cover - interface
        """Where the payer pays a started payment (to reuse a live payment)."""
        raise NotImplementedError


class SandboxGateway(PaymentGateway):
    name = "sandbox"
    signature_header = "X-Signature"

    def _secret(self) -> bytes:
        return settings.PAYMENT_SANDBOX_SECRET.encode()

    def sign(self, body: bytes) -> str:
        return hmac.new(self._secret(), body, hashlib.sha256).hexdigest()

    def pay_url(self, *, reference: str) -> str:
        return reverse("payment-sandbox", args=[reference])

    def start(self, *, amount: Decimal, order_no: str) -> PaymentStart:
        reference = "sbx_" + secrets.token_hex(12)
        return PaymentStart(reference=reference, pay_url=self.pay_url(reference=reference))

    def callback_body(self, *, reference: str, paid: bool, amount: Decimal) -> tuple[bytes, dict]:
        """The body and headers the sandbox provider sends for the payer's choice on the pay page."""
        payload = {
            "reference": reference,
            "status": "paid" if paid else "failed",
            "amount": str(amount),
            "transaction_id": "sbxtx_" + secrets.token_hex(8),
        }
        body = json.dumps(payload, separators=(",", ":")).encode()
        return body, {self.signature_header: self.sign(body)}

    def verify_callback(self, *, body: bytes, headers) -> PaymentOutcome:
        signature = headers.get(self.signature_header) or ""
        # Constant-time comparison of the signature over the exact raw bytes received.
        if not signature or not hmac.compare_digest(self.sign(body), str(signature)):
            raise PermissionDenied(_("Invalid payment callback signature."))
        try:
            payload = json_loads_limited(body)
            reference = str(payload["reference"])
            status = payload["status"]
            amount = Decimal(str(payload["amount"]))
        except (ValueError, KeyError, TypeError, InvalidOperation):
            raise ValidationFailed(_("Malformed payment callback.")) from None
        if status not in ("paid", "failed") or not amount.is_finite():
            raise ValidationFailed(_("Malformed payment callback."))
        return PaymentOutcome(
            reference=reference, paid=status == "paid", amount=amount,
            transaction_id=str(payload.get("transaction_id", ""))[:64], raw=payload,
        )


GATEWAYS: dict[str, PaymentGateway] = {SandboxGateway.name: SandboxGateway()}


def gateway_get(name: str) -> PaymentGateway:
    # The sandbox exists only with DEBUG, in tests or with PAYMENT_SANDBOX=1 (DESIGN §9): in production its
    # callback, its pay page and payments through it answer 404.
    if name == SandboxGateway.name and not settings.PAYMENT_SANDBOX:
        raise NotFound(_("Unknown payment gateway."))
    try:
        return GATEWAYS[name]
    except KeyError:
        raise NotFound(_("Unknown payment gateway.")) from None
