"""Importing a template as a writer does: the import form, then 保存 on its preview."""

from __future__ import annotations

from django.urls import reverse


def preview_data(response, **extra) -> dict:
    """What the preview page posts back as shown: its ticks, its kinds, its signed text."""
    form, marks = response.context["form"], response.context["marks"]
    segments = [seg for line in marks.lines for seg in line.segments if seg.key]
    data = {
        "blank": [s.key for s in segments if s.blank and s.checked],
        "mark": [s.key for s in segments if not s.blank and s.checked],
        **{f"kind-{s.key}": str(s.slot.kind) for s in segments if s.slot},
    }
    if "payload" in form.fields:
        data["payload"] = form["payload"].value()
    data.update(extra)
    return data


def import_template(client, data, *, follow: bool = False):
    """Post the import form and, when it shows the preview, save it unchanged."""
    response = client.post(reverse("template_new"), data)
    if response.status_code != 200 or "marks" not in (response.context or {}):
        return response
    return client.post(reverse("template_preview"), preview_data(response, save="1"), follow=follow)
