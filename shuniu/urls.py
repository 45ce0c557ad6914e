from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from shuniu.accounts import views as account_views
from shuniu.health import health

urlpatterns = [
    path("", account_views.home, name="home"),
    path("health/", health, name="health"),
    path("login/", auth_views.LoginView.as_view(template_name="accounts/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("shuniu.analytics.urls")),
    path("", include("shuniu.registry.urls")),
    path("", include("shuniu.hubs.urls")),
    path("", include("shuniu.divisions.urls")),
    path("", include("shuniu.routing.urls")),
    path("", include("shuniu.party.urls")),
    path("", include("shuniu.services.urls")),
    path("", include("shuniu.oversight.urls")),
    path("", include("shuniu.imports.urls")),
    path("", include("shuniu.exports.urls")),
    path("api/", include("shuniu.api")),
    path("admin/", admin.site.urls),
]
