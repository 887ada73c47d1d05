"""Translated names of reference values, as the portal shows them.

Levels are data stored in Vietnamese; the other values are codes of the
catalog. The portal keeps its own short wording for badges and table
headings, as the national portal (dichvucong.gov.vn) words them.
"""

from django.utils.translation import gettext_lazy as _

# A province may drop the district level, so an unknown code falls back
# to the name stored in the database.
LEVEL_LABELS = {
    "province": _("Provincial level"),
    "district": _("District level"),
    "commune": _("Commune level"),
}

ONLINE_LEVEL_LABELS = {
    "full": _("Full online service"),
    "partial": _("Partly online service"),
    "none": _("Not available online"),
}

CHANNEL_LABELS = {
    "desk": _("In person"),
    "online": _("Online"),
    "postal": _("Public postal service"),
}


def level_label(level) -> str:
    return str(LEVEL_LABELS.get(level.code, level.name))
