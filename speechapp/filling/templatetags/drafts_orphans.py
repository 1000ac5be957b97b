"""``{% draft_orphans draft as box %}``: what the fill page's box about the template shows."""

from django import template

from speechapp.filling.forms import slot_label
from speechapp.filling.updates import draft_behind_template, orphan_choices

register = template.Library()


@register.simple_tag
def draft_orphans(draft) -> dict:
    return {
        "behind": draft_behind_template(draft),
        "orphans": [
            {
                **choice.orphan,
                "suggested": choice.suggested,
                "slots": [(s.id, slot_label(s)) for s in choice.slots],
            }
            for choice in orphan_choices(draft)
        ],
    }
