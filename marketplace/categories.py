"""The market's categories: stored as lower-case codes, shown with translated labels. Matching is
case-insensitive ("Books" finds `books`); an item may still carry a code outside the list (shown as is)."""

from django.utils.translation import gettext_lazy as _

CATEGORIES = (
    ("books", _("Books")),
    ("electronics", _("Electronics")),
    ("home", _("Home & living")),
    ("sports", _("Sports")),
    ("clothing", _("Clothing")),
    ("toys", _("Toys")),
    ("other", _("Other")),
)
LABELS = dict(CATEGORIES)

SORTS = (("newest", _("Newest first")), ("price", _("Price: low to high")), ("-price", _("Price: high to low")))


def category_label(code: str) -> str:
    return str(LABELS.get((code or "").lower(), code or ""))
