from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from speechapp.web import health, views


@login_not_required
def favicon(request):
    """Browsers and tools ask for /favicon.ico whatever the page links: no 404, no login.
    The static URL is looked up per request (the manifest exists only after collectstatic)."""
    return redirect(static("favicon.svg"), permanent=True)


urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.writer_settings, name="writer_settings"),
    path("settings/keys/", views.api_token_create, name="api_token_create"),
    path("settings/keys/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("", include("speechapp.speech_templates.urls")),
    path("", include("speechapp.filling.urls")),
    path("", include("speechapp.review.urls")),
    path("", include("speechapp.collection.urls")),
    path("", include("speechapp.outputs.urls")),
    path("", include("speechapp.api.urls")),
    path("favicon.ico", favicon),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "speechapp.web.errors.bad_request_page"
