"""The five order machines edge by edge (DESIGN §3.3, §8): every transition of every kind from every state,
allowed exactly where the machine has an edge."""

import pytest
from django_fsm import can_proceed

from orders.models import ExchangeOrderExt, Order

S = Order.State
CONTRACT_EDGES = {
    ("pay", S.PLACED), ("activate", S.PAID), ("expire", S.EFFECTIVE),
    ("cancel", S.PLACED), ("cancel", S.UNDERWRITING), ("cancel", S.UNDERWRITTEN), ("cancel", S.REJECTED),
}
EDGES = {
    "plan": (CONTRACT_EDGES - {("pay", S.PLACED)}) | {
        ("underwrite_start", S.PLACED), ("underwrite_pass", S.UNDERWRITING), ("underwrite_pass", S.REJECTED),
        ("underwrite_fail", S.UNDERWRITING), ("underwrite_fail", S.UNDERWRITTEN), ("pay", S.UNDERWRITTEN),
    },
    "driver": CONTRACT_EDGES,
    "sale": CONTRACT_EDGES,
    "product": {("pay", S.PENDING_PAYMENT), ("cancel", S.PENDING_PAYMENT), ("complete", S.PAID), ("refund", S.PAID)},
    "exchange-buy": {("userpay", S.OPEN), ("merchanttransfer", S.USER_PAID), ("cancel", S.OPEN)},
    "exchange-sell": {("usertransfer", S.OPEN), ("merchantpay", S.USER_TRANSFERRED), ("cancel", S.OPEN)},
}
TRANSITIONS = ["underwrite_start", "underwrite_pass", "underwrite_fail", "pay", "activate", "expire", "complete",
               "refund", "cancel", "userpay", "merchanttransfer", "usertransfer", "merchantpay"]


def order_in(kind: str, state: str) -> Order:
    base = kind.split("-")[0]
    order = Order(kind=base, state=state)
    if base == "exchange":
        order.exchange_ext = ExchangeOrderExt(order=order, direction=kind.split("-")[1], amount=1, rate=1)
    return order


@pytest.mark.parametrize("kind", list(EDGES))
@pytest.mark.parametrize("transition", TRANSITIONS)
def test_transition_allowed_exactly_on_the_machine_edges(kind, transition):
    for state in S.values:
        allowed = can_proceed(getattr(order_in(kind, state), transition))
        assert allowed == ((transition, state) in EDGES[kind]), (kind, transition, state)


def test_state_codes_and_labels_follow_design_section_8():
    assert {state: Order.STATE_CODES[state][0] for state in S.values} == {
        "placed": 0, "pending_payment": 0, "open": 0, "underwriting": 1, "paid": 2, "user_paid": 2,
        "user_transferred": 2, "underwritten": 3, "rejected": 4, "effective": 5, "expired": 6, "completed": 7,
        "refunded": 8, "cancelled": 9,
    }
    assert Order(kind="product", state=S.PENDING_PAYMENT).state_label == "待支付"
