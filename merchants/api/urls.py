from django.urls import include, path

urlpatterns = [
    path("", include("merchants.api.merchants")),
    path("", include("merchants.api.website")),
    path("", include("merchants.api.products")),
]
