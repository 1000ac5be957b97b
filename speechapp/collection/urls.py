"""Data-request sheets: offices, sheets out, returned sheets in."""

from django.urls import path

from speechapp.collection import views

urlpatterns = [
    path("drafts/<int:pk>/sheets/", views.sheets, name="draft_sheets"),
    path("drafts/<int:pk>/sheets/offices/", views.offices_save, name="offices_save"),
    path("drafts/<int:pk>/sheets/export/", views.sheet_export, name="sheet_export"),
    path("drafts/<int:pk>/sheets/import/", views.sheet_import, name="sheet_import"),
    path(
        "drafts/<int:pk>/sheets/imports/<int:import_id>/",
        views.sheet_review,
        name="sheet_review",
    ),
    path(
        "drafts/<int:pk>/sheets/imports/<int:import_id>/undo/",
        views.sheet_undo,
        name="sheet_undo",
    ),
]
