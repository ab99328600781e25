"""Server-rendered pages (issue: web). Included at the site root by config/urls.py."""

urlpatterns = []
