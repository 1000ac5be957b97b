"""Data-request sheets: offices, sheets out, returned sheets in; online rounds and the offices'
own pages."""

from django.urls import path

from speechapp.collection import office_views, round_views, views

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
    path("drafts/<int:pk>/rounds/", round_views.round_create, name="round_create"),
    path(
        "drafts/<int:pk>/rounds/<int:round_id>/<str:action>/",
        round_views.round_action,
        name="round_action",
    ),
    path(
        "drafts/<int:pk>/rounds/<int:round_id>/links/<int:link_id>/<str:action>/",
        round_views.link_action,
        name="link_action",
    ),
    path("o/<str:key>/", office_views.office_page, name="office_page"),
    path(
        "o/<str:key>/slots/<str:slot_id>/",
        office_views.office_slot_save,
        name="office_slot_save",
    ),
]
