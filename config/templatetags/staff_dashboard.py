"""`{% staff_cards as cards %}` on the admin index (config.staff_cards)."""

from django import template

from config.staff_cards import staff_cards as cards_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_cards(context):
    return cards_for(context["request"].user)
