"""The fill page and everything a writer does to a draft's blanks and details."""

from django.urls import path

from speechapp.filling.views import (
    autosave,
    changes,
    drafts,
    earlier,
    history,
    leftovers,
    orphans,
    sharing,
    slots,
    start,
    variables,
)

urlpatterns = [
    path("templates/<int:pk>/start/", start.draft_start, name="draft_start"),
    path("drafts/<int:pk>/", drafts.draft_fill, name="draft_fill"),
    path("drafts/<int:pk>/details/", drafts.draft_details, name="draft_details"),
    path("drafts/<int:pk>/duplicate/", drafts.draft_duplicate, name="draft_duplicate"),
    path("drafts/<int:pk>/new-version/", drafts.draft_new_version, name="draft_new_version"),
    path("drafts/<int:pk>/delete/", drafts.draft_delete, name="draft_delete"),
    path("drafts/<int:pk>/update/", orphans.draft_update, name="draft_update"),
    path("drafts/<int:pk>/orphans/<int:orphan_id>/", orphans.orphan_place, name="orphan_place"),
    path("drafts/<int:pk>/orphans/<int:orphan_id>/drop/", orphans.orphan_drop, name="orphan_drop"),
    path("drafts/<int:pk>/earlier/", earlier.draft_earlier, name="draft_earlier"),
    path("drafts/<int:pk>/earlier/take/", earlier.earlier_take_all, name="earlier_take_all"),
    path(
        "drafts/<int:pk>/earlier/confirm/", earlier.earlier_confirm_all, name="earlier_confirm_all"
    ),
    path(
        "drafts/<int:pk>/slots/<str:slot_id>/take-earlier/",
        earlier.slot_take_earlier,
        name="slot_take_earlier",
    ),
    path(
        "drafts/<int:pk>/slots/<str:slot_id>/confirm-carried/",
        earlier.slot_confirm_carried,
        name="slot_confirm_carried",
    ),
    path("drafts/<int:pk>/preview/", drafts.draft_preview, name="draft_preview"),
    path("drafts/<int:pk>/summary/", drafts.fill_summary, name="fill_summary"),
    path(
        "drafts/<int:pk>/leftovers/confirm/",
        leftovers.leftover_confirm,
        name="leftover_confirm",
    ),
    path("drafts/<int:pk>/sharing/", sharing.draft_sharing, name="draft_sharing"),
    path(
        "drafts/<int:pk>/sharing/<int:share_id>/revoke/",
        sharing.share_revoke,
        name="share_revoke",
    ),
    path("drafts/<int:pk>/history/", history.draft_history, name="draft_history"),
    path("drafts/<int:pk>/history/restore/", history.draft_restore, name="draft_restore"),
    path("drafts/<int:pk>/compare/", changes.draft_compare, name="draft_compare"),
    path("drafts/<int:pk>/compare/docx/", changes.draft_compare_docx, name="draft_compare_docx"),
    path("drafts/<int:pk>/slots/<str:slot_id>/", autosave.slot_save, name="slot_save"),
    path("drafts/<int:pk>/changes/", autosave.draft_changes, name="draft_changes"),
    path("drafts/<int:pk>/preview/fragment/", autosave.preview_fragment, name="preview_fragment"),
    path("drafts/<int:pk>/slots/<str:slot_id>/apply-group/", slots.group_apply, name="group_apply"),
    path("drafts/<int:pk>/slots/<str:slot_id>/link/", slots.slot_link, name="slot_link"),
    path("drafts/<int:pk>/slots/<str:slot_id>/paste/", slots.slot_paste, name="slot_paste"),
    path("drafts/<int:pk>/slots/<str:slot_id>/as-text/", slots.slot_as_text, name="slot_as_text"),
    path("drafts/<int:pk>/variables/", variables.variable_create, name="variable_create"),
    path(
        "drafts/<int:pk>/variables/<int:variable_id>/",
        variables.variable_set,
        name="variable_set",
    ),
]
