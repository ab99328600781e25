"""Travel demo data: public plans for alice and bob that match each other (idempotent)."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from travel.models import TravelPlan


def load(*, password: str, stdout) -> None:
    start = timezone.now().date() + timedelta(days=30)
    plans = {
        "alice": {"destination": "云南大理", "start_date": start, "end_date": start + timedelta(days=6),
                  "budget": Decimal("5000.00"), "interests": "徒步,摄影"},
        "bob": {"destination": "云南大理", "start_date": start + timedelta(days=1), "end_date": start + timedelta(days=7),
                "budget": Decimal("4500.00"), "interests": "徒步,美食"},
    }
    for username, fields in plans.items():
        user = User.objects.filter(username=username).first()
        if user is None or TravelPlan.objects.filter(user=user, destination=fields["destination"]).exists():
            continue
        TravelPlan.objects.create(user=user, visibility=TravelPlan.Visibility.PUBLIC, **fields)
    stdout.write("Travel: plans for alice and bob")
