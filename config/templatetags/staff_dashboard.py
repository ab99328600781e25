"""`{% staff_cards as cards %}` and `{% can_view_reports as show %}` on the admin index (config.staff_cards)."""

from django import template

from accounts.permissions import has_staff_perm
from config.staff_cards import staff_cards as cards_for

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_cards(context):
    return cards_for(context["request"].user)


@register.simple_tag(takes_context=True)
def can_view_reports(context):
    return has_staff_perm(context["request"].user, "data:view")
