from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.two_factor import two_factor_setup, two_factor_verify
from coordinators.roles import role_of
from coordinators.week_views import week
from reports.views import dashboard


def home(request):
    """The division lands on its dashboard; center staff on their week."""
    if role_of(request.user).sees_all_centers:
        return dashboard(request)
    return week(request)


admin.site.site_header = "ささえあいログ 管理"
admin.site.site_title = "ささえあいログ 管理"
admin.site.index_title = "マスタ管理"

urlpatterns = [
    path("", home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/", two_factor_setup, name="two_factor_setup"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("", include("coordinators.urls")),
    path("", include("councils.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
