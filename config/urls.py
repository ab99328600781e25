from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve as serve_media
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from common.views import api_unknown_path, healthz

api_v1 = [
    path("", include("accounts.api")),
    path("", include("accounts.wechat")),
    path("", include("accounts.staff_api")),
    path("", include("config.staff_api")),
    path("", include("merchants.api.urls")),
    path("", include("community.api")),
    path("", include("marketplace.api.urls")),
    path("", include("chat.api")),
    path("", include("orders.api")),
    path("", include("underwrite.api")),
    path("", include("travel.api")),
    # Last: an unknown API path answers the envelope's 404, even with DEBUG on (issue 18.6).
    re_path(r"^(?P<path>.*)$", api_unknown_path),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/reports/", include("config.report_views")),  # before the admin's catch-all
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/rpc", include("orders.rpc")),
    path("", include("orders.views")),  # the payment sandbox's pay page: /payments/sandbox/<reference>
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI and ReDoc from the project (drf-spectacular-sidecar), the init script a separate file: the
    # docs run under the site's CSP without a CDN or an inline script (issue 17 #9).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("marketplace.legacy")),
    path("", include("config.urls_pages")),
]


def _media(request, path):
    """MEDIA_ROOT read per request (not when the URLconf loads), so a test's MEDIA_ROOT override is served."""
    return serve_media(request, path, document_root=settings.MEDIA_ROOT)


if settings.DEBUG or settings.TESTING:
    # Uploaded media in the embedded mode; a real deployment serves MEDIA_ROOT from the proxy or object storage.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", _media)]

handler404 = "common.views.api_aware_404"
handler500 = "common.views.api_aware_500"
