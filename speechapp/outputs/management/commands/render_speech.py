from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from speechapp.core.leftovers import leftovers
from speechapp.core.parsing import parse_speech
from speechapp.core.reading import TemplateReadError, read_template
from speechapp.core.rendering import Layout, MissingSlotsError, RenderOptions
from speechapp.core.values_json import ValuesJsonError, read_values


class Command(BaseCommand):
    help = "Render a template with values (slot id -> value) as DOCX, PDF or HTML."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--values", required=True, help="JSON file: slot id -> value")
        parser.add_argument("--format", choices=["docx", "pdf", "html"], required=True)
        parser.add_argument("--output", required=True)
        parser.add_argument(
            "--allow-unfilled",
            action="store_true",
            help="render missing slots as highlighted × (a draft copy)",
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="fail when text outside the blanks still looks like a blank (a leftover: "
            "（　　）, ＊＊＊＊, 20__…); without it they are listed on stderr",
        )
        parser.add_argument(
            "--layout",
            choices=[layout.value for layout in Layout],
            default=Layout.OFFICIAL.value,
            help="official: GB/T 9704 (default); podium: the large-print copy for the lectern",
        )

    def handle(self, *args, **options):
        from django.conf import settings

        path = Path(options["path"])
        try:
            speech = parse_speech(read_template(path.read_bytes(), path.name))
            # The values file as the app writes and reads it (core.values_json): numbers as
            # written, null for no value.
            read = read_values(Path(options["values"]).read_bytes())
        except (OSError, TemplateReadError) as exc:
            raise CommandError(f"cannot read input: {exc}") from None
        except ValuesJsonError as exc:
            where = ", ".join(f"{k} {v}" for k, v in exc.params.items())
            raise CommandError(
                f"--values must hold a JSON object: slot id -> value ({exc.code}"
                + (f", {where})" if where else ")")
            ) from None
        values = {k: v for k, v in read.items() if v}
        found = leftovers(speech)
        for left in found:
            self.stderr.write(
                f"leftover at block {left.block}, {left.start}-{left.end}: {left.text!r} "
                f"in “{left.sentence}”"
            )
        if found and options["strict"]:
            raise CommandError(
                f"{len(found)} leftovers: text that still looks like a blank (--strict)"
            )
        options_ = RenderOptions(
            # the draft copy highlights them, as the app's does
            leftovers=tuple((x.block, x.start, x.end) for x in found)
            if options["allow_unfilled"]
            else (),
            allow_unfilled=options["allow_unfilled"],
            fonts_dir=settings.SPEECHAPP_FONTS_DIR,
            slim_fonts_dir=settings.SPEECHAPP_SLIM_FONTS_DIR,
            layout=Layout(options["layout"]),
        )
        fmt = options["format"]
        try:
            if fmt == "docx":
                from speechapp.core.rendering.docx import render_docx as render
            elif fmt == "pdf":
                from speechapp.core.rendering.pdf import render_pdf as render
            else:
                from speechapp.core.rendering.html import render_html as render
            content = render(speech, values, options_)
        except MissingSlotsError as exc:
            raise CommandError(
                f"{len(exc.slot_ids)} unfilled slots: {', '.join(exc.slot_ids)} "
                "(use --allow-unfilled for a draft copy)"
            ) from None
        data = content.encode("utf-8") if isinstance(content, str) else content
        Path(options["output"]).write_bytes(data)
        self.stdout.write(f"wrote {options['output']} ({len(data)} bytes)")
