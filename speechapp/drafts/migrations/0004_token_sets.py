"""Token sets on templates and drafts. Rows from before knew only "×": they keep exactly that
set, so their slot ids never shift; new rows get every family (speechapp.core.tokens)."""

from django.db import migrations, models

import speechapp.drafts.models


class Migration(migrations.Migration):
    dependencies = [
        ("drafts", "0003_slot_as_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="speechtemplate",
            name="tokens",
            field=models.CharField(default="cross", max_length=100, verbose_name="空白标记"),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="speechtemplate",
            name="tokens",
            field=models.CharField(
                default=speechapp.drafts.models.default_tokens,
                max_length=100,
                verbose_name="空白标记",
            ),
        ),
        migrations.AddField(
            model_name="draft",
            name="tokens",
            field=models.CharField(default="cross", max_length=100),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="draft",
            name="tokens",
            field=models.CharField(default=speechapp.drafts.models.default_tokens, max_length=100),
        ),
    ]
