"""The sandbox provider's pay page (`/payments/sandbox/<reference>`): the payer presses Pay or Fail and the
sandbox sends its signed callback through the same handler a real provider's HTTP callback reaches."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.views import View

from common.errors import ApplicationError
from orders.models import Payment
from orders.services import payment_sandbox_decide


class SandboxPayView(View):
    template_name = "orders/sandbox.html"

    def _payment(self, reference) -> Payment:
        if not settings.PAYMENT_SANDBOX:  # production: the sandbox provider does not exist (DESIGN §9)
            raise Http404
        payment = Payment.objects.select_related("order").filter(reference=reference, gateway="sandbox").first()
        if payment is None:
            raise Http404
        return payment

    def get(self, request, reference):
        return render(request, self.template_name, {"payment": self._payment(reference)})

    def post(self, request, reference):
        payment = self._payment(reference)
        error = None
        try:
            payment = payment_sandbox_decide(reference=reference, paid=request.POST.get("decision") == "pay")
        except ApplicationError as exc:
            error = exc.message
        payment.refresh_from_db()
        return render(request, self.template_name, {"payment": payment, "error": error, "decided": True},
                      status=400 if error else 200)


urlpatterns = [path("payments/sandbox/<str:reference>", SandboxPayView.as_view(), name="payment-sandbox")]
