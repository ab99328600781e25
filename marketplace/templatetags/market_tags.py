from django import template

from marketplace.categories import CATEGORIES
from marketplace.categories import category_label as _category_label

register = template.Library()


@register.filter
def category_label(code: str) -> str:
    """A category code in the reader's language."""
    return _category_label(code)


@register.simple_tag
def categories():
    """The category list (code, translated label), for the sell form's suggestions."""
    return CATEGORIES
