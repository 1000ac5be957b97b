"""Downloads (DOCX, PDF, the values file) and the fonts page."""

from django.urls import path, re_path

from speechapp.outputs import views

urlpatterns = [
    path("drafts/<int:pk>/download/", views.draft_download, name="draft_download"),
    re_path(
        r"^drafts/(?P<pk>\d+)/download/(?P<fmt>docx|pdf)/$",
        views.draft_export,
        name="draft_export",
    ),
    path("drafts/<int:pk>/values.json", views.draft_values_file, name="draft_values_file"),
    path("drafts/<int:pk>/freeze/", views.draft_freeze, name="draft_freeze"),
    path("fonts/", views.fonts, name="fonts"),
]
