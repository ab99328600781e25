"""Order pages: my orders as buyer and as merchant."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def my_orders(request):
    return render(request, "orders/my_orders.html", {})
