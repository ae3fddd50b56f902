"""Logging in and out, the second step, and changing one's password. No app namespace: the
names (login, logout, two_factor_verify, …) are the ones Django's auth settings expect."""

from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .session_limits import keep_alive

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", views.two_factor_verify, name="two_factor_verify"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("account/keep-alive/", keep_alive, name="keep_alive"),
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
]
