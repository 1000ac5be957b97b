from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from speechapp.drafts import autosave, views

urlpatterns = [
    path("", views.home, name="home"),
    path("templates/new/", views.template_new, name="template_new"),
    path("templates/<int:pk>/start/", views.draft_start, name="draft_start"),
    path("drafts/<int:pk>/", views.draft_fill, name="draft_fill"),
    path("drafts/<int:pk>/details/", views.draft_details, name="draft_details"),
    path("drafts/<int:pk>/duplicate/", views.draft_duplicate, name="draft_duplicate"),
    path("drafts/<int:pk>/delete/", views.draft_delete, name="draft_delete"),
    path("drafts/<int:pk>/preview/", views.draft_preview, name="draft_preview"),
    path("drafts/<int:pk>/download/", views.draft_download, name="draft_download"),
    re_path(
        r"^drafts/(?P<pk>\d+)/download/(?P<fmt>docx|pdf)/$", views.draft_export, name="draft_export"
    ),
    path("drafts/<int:pk>/slots/<str:slot_id>/", autosave.slot_save, name="slot_save"),
    path(
        "drafts/<int:pk>/slots/<str:slot_id>/apply-group/",
        autosave.group_apply,
        name="group_apply",
    ),
    path("drafts/<int:pk>/slots/<str:slot_id>/link/", autosave.slot_link, name="slot_link"),
    path(
        "drafts/<int:pk>/slots/<str:slot_id>/as-text/", autosave.slot_as_text, name="slot_as_text"
    ),
    path("drafts/<int:pk>/changes/", autosave.draft_changes, name="draft_changes"),
    path("drafts/<int:pk>/preview/fragment/", autosave.preview_fragment, name="preview_fragment"),
    path("drafts/<int:pk>/variables/", autosave.variable_create, name="variable_create"),
    path(
        "drafts/<int:pk>/variables/<int:variable_id>/",
        autosave.variable_set,
        name="variable_set",
    ),
    path("fonts/", views.fonts, name="fonts"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "speechapp.drafts.views.bad_request"
