"""Staff manage templates, drafts' sharing and users (django.contrib.auth's admin) here.

Templates are imported through the upload page (it parses and counts the blanks), so here
they are renamed, given an owner (none: every user sees it) or deleted. A draft's text and
values are shown, not edited: values are written only by filling.saving.draft_save_values.
"""

from __future__ import annotations

from django.contrib import admin

from speechapp.drafts.models import ApiToken, Draft, DraftShare, SlotValue, SpeechTemplate


@admin.register(SpeechTemplate)
class SpeechTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "slot_count", "created_at"]
    list_filter = ["owner"]
    search_fields = ["name"]
    fields = ["name", "owner", "slot_count", "tokens", "created_at", "source_text"]
    readonly_fields = ["slot_count", "tokens", "created_at", "source_text"]

    def has_add_permission(self, request) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class SlotValueInline(ReadOnlyInline):
    model = SlotValue
    fields = ["slot_id", "raw", "value", "as_text", "updated_at"]
    readonly_fields = fields


class DraftShareInline(ReadOnlyInline):
    model = DraftShare
    fields = ["user", "role", "created_at"]
    readonly_fields = fields


@admin.register(Draft)
class DraftAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "template", "slot_count", "updated_at"]
    list_filter = ["owner"]
    search_fields = ["title", "owner__username"]
    readonly_fields = [
        "owner",
        "template",
        "title",
        "speaker",
        "meeting",
        "speech_date",
        "slot_count",
        "revision",
        "created_at",
        "updated_at",
    ]
    exclude = ["source_text", "tokens", "bold_points", "page_numbers"]
    inlines = [DraftShareInline, SlotValueInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DraftShare)
class DraftShareAdmin(admin.ModelAdmin):
    list_display = ["draft", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["draft__title", "user__username"]
    raw_id_fields = ["draft", "user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Staff see and delete (revoke) users' API keys; keys are created by their users only."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    list_filter = ["user"]
    search_fields = ["name", "user__username", "prefix"]
    fields = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
