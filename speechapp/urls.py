from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path, re_path

from speechapp.drafts.views import (
    account,
    api,
    autosave,
    drafts,
    earlier,
    exports,
    fonts,
    history,
    leftovers,
    orphans,
    sharing,
    sheets,
    slots,
    templates,
    variables,
)


@login_not_required
def favicon(request):
    """Browsers and tools ask for /favicon.ico whatever the page links: no 404, no login.
    The static URL is looked up per request (the manifest exists only after collectstatic)."""
    return redirect(static("favicon.svg"), permanent=True)


urlpatterns = [
    path("", templates.home, name="home"),
    path("templates/new/", templates.template_new, name="template_new"),
    path("templates/new/preview/", templates.template_preview, name="template_preview"),
    path("templates/<int:pk>/", templates.template_edit, name="template_edit"),
    path("templates/<int:pk>/marks/", templates.template_marks, name="template_marks"),
    path("templates/<int:pk>/text/", templates.template_text, name="template_text"),
    path("templates/<int:pk>/rename/", templates.template_rename, name="template_rename"),
    path("templates/<int:pk>/delete/", templates.template_delete, name="template_delete"),
    path("templates/<int:pk>/start/", templates.draft_start, name="draft_start"),
    path("templates/<int:pk>/copy/", templates.template_copy, name="template_copy"),
    path("drafts/<int:pk>/", drafts.draft_fill, name="draft_fill"),
    path("drafts/<int:pk>/details/", drafts.draft_details, name="draft_details"),
    path("drafts/<int:pk>/duplicate/", drafts.draft_duplicate, name="draft_duplicate"),
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
    path("drafts/<int:pk>/download/", exports.draft_download, name="draft_download"),
    re_path(
        r"^drafts/(?P<pk>\d+)/download/(?P<fmt>docx|pdf)/$",
        exports.draft_export,
        name="draft_export",
    ),
    path(
        "drafts/<int:pk>/leftovers/confirm/",
        leftovers.leftover_confirm,
        name="leftover_confirm",
    ),
    path("drafts/<int:pk>/values.json", exports.draft_values_file, name="draft_values_file"),
    path("drafts/<int:pk>/sharing/", sharing.draft_sharing, name="draft_sharing"),
    path(
        "drafts/<int:pk>/sharing/<int:share_id>/revoke/",
        sharing.share_revoke,
        name="share_revoke",
    ),
    path("drafts/<int:pk>/history/", history.draft_history, name="draft_history"),
    path("drafts/<int:pk>/history/restore/", history.draft_restore, name="draft_restore"),
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
    path("drafts/<int:pk>/sheets/", sheets.sheets, name="draft_sheets"),
    path("drafts/<int:pk>/sheets/offices/", sheets.offices_save, name="offices_save"),
    path("drafts/<int:pk>/sheets/export/", sheets.sheet_export, name="sheet_export"),
    path("drafts/<int:pk>/sheets/import/", sheets.sheet_import, name="sheet_import"),
    path(
        "drafts/<int:pk>/sheets/imports/<int:import_id>/",
        sheets.sheet_review,
        name="sheet_review",
    ),
    path(
        "drafts/<int:pk>/sheets/imports/<int:import_id>/undo/",
        sheets.sheet_undo,
        name="sheet_undo",
    ),
    path("settings/", account.writer_settings, name="writer_settings"),
    path("settings/keys/", account.api_token_create, name="api_token_create"),
    path("settings/keys/<int:token_id>/revoke/", account.api_token_revoke, name="api_token_revoke"),
    path("api/drafts/<int:pk>/values/", api.draft_values, name="api_draft_values"),
    path("fonts/", fonts.fonts, name="fonts"),
    path("favicon.ico", favicon),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler400 = "speechapp.drafts.views.errors.bad_request"
