from django.contrib import admin
from django.urls import include, path

from coordinators.roles import role_of
from coordinators.week.views import week
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
    path("", include("coordinators.accounts.urls")),
    path("", include("coordinators.urls")),
    path("", include("councils.urls")),
    path("", include("reports.urls")),
    path("admin/", admin.site.urls),
]
