"""Shared test helpers for orders."""

import json

from orders.payments import GATEWAYS


def signed_callback(api, *, reference, amount, status="paid", secret_body=None, signature=None):
    """POST a sandbox callback the way the provider does: raw JSON body, HMAC in X-Signature."""
    body = secret_body or json.dumps(
        {"reference": reference, "status": status, "amount": str(amount), "transaction_id": "tx1"}
    ).encode()
    sig = signature if signature is not None else GATEWAYS["sandbox"].sign(body)
    return api.post("/api/v1/payments/callback/sandbox", data=body, content_type="application/json",
                    HTTP_X_SIGNATURE=sig)


def pay_order(client, api, order_id):
    """The buyer starts paying, then the provider calls back with the right amount."""
    started = client.post(f"/api/v1/orders/{order_id}/pay")
    assert started.status_code == 200, started.json()
    data = started.json()["data"]
    response = signed_callback(api, reference=data["reference"], amount=data["amount"])
    assert response.status_code == 200, response.json()
    return data
