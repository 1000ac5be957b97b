"""Grammar 2 reads more blanks than grammar 1 did ("（　　）", "20××年", "□□.□"…), so the same
text parses to other slots. Every stored token set gets "v1": its templates and drafts keep
the blanks (and the slot ids) their values were saved against; a template imported from now
on gets grammar 2. The snapshot of an earlier draft (上期) is marked the same way."""

from django.db import migrations

LEGACY = "v1"
V1_FAMILIES = ["cross", "x", "decimal", "star", "square", "circle", "moumou", "underscore"]


def _legacy(spec: str | None) -> str:
    items = [item for item in (spec or "").split(",") if item]
    if LEGACY in items:
        return spec or ""
    # Family names grammar 1 knew and the template's own symbols (one character each); an
    # empty set meant every grammar-1 family.
    items = [item for item in items if item in V1_FAMILIES or len(item) == 1]
    return ",".join((items or V1_FAMILIES) + [LEGACY])


def mark_legacy(apps, schema_editor):
    SpeechTemplate = apps.get_model("drafts", "SpeechTemplate")
    Draft = apps.get_model("drafts", "Draft")
    for template in SpeechTemplate.objects.only("pk", "tokens").iterator():
        template.tokens = _legacy(template.tokens)
        template.save(update_fields=["tokens"])
    for draft in Draft.objects.only("pk", "tokens", "earlier").iterator():
        draft.tokens = _legacy(draft.tokens)
        fields = ["tokens"]
        if draft.earlier:
            draft.earlier = {**draft.earlier, "tokens": _legacy(draft.earlier.get("tokens"))}
            fields.append("earlier")
        draft.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0013_history_carried"),
    ]

    operations = [
        migrations.RunPython(mark_legacy, migrations.RunPython.noop, elidable=False),
    ]
