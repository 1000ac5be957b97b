"""Template pages: import, preview, corrections, text, rename, copy, delete."""

from django.urls import path

from speechapp.speech_templates import views

urlpatterns = [
    path("templates/new/", views.template_new, name="template_new"),
    path("templates/new/preview/", views.template_preview, name="template_preview"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("templates/<int:pk>/marks/", views.template_marks, name="template_marks"),
    path("templates/<int:pk>/text/", views.template_text, name="template_text"),
    path("templates/<int:pk>/rename/", views.template_rename, name="template_rename"),
    path("templates/<int:pk>/delete/", views.template_delete, name="template_delete"),
    path("templates/<int:pk>/copy/", views.template_copy, name="template_copy"),
]
