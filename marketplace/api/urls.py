from django.urls import include, path

urlpatterns = [
    path("", include("marketplace.api.items")),
    path("", include("marketplace.api.trades")),
]
