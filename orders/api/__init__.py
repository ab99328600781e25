"""Orders API (`/api/v1/`): orders, payments and the seed-002 catalog; merchants' orders and reviews."""

from orders.api import orders, reviews, vehicles

urlpatterns = orders.urlpatterns + reviews.urlpatterns + vehicles.urlpatterns
