"""``{% draft_orphans draft as box %}``: what the fill page's box about the template shows."""

from django import template

from speechapp.drafts.forms import slot_label
from speechapp.drafts.selectors import orphan_choices
from speechapp.drafts.services import draft_behind_template

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
