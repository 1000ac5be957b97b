from django import template

from speechapp.drafts.links import slot_url as _slot_url

register = template.Library()


@register.simple_tag
def slot_url(draft, slot_id: str) -> str:
    """``{% slot_url draft slot.id %}``: the fill page opened at that blank."""
    return _slot_url(draft.pk, slot_id)
