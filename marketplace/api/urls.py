from django.urls import include, path

urlpatterns = [
    path("", include("marketplace.api.items")),
    path("", include("marketplace.api.trades")),
    path("", include("marketplace.api.merchants")),
    path("", include("marketplace.api.website")),
    path("", include("marketplace.api.community")),
]
