"""Roles of staff and the rules of the administrative tree.

The levels of government are data (since 1/7/2025 most provinces have no
district level), so the tree only requires that a child sits at a deeper
level than its parent; it does not require every level to be present.
"""

import re
from enum import StrEnum


class Role(StrEnum):
    DESK_OFFICER = "desk_officer"  # cán bộ một cửa
    SPECIALIST = "specialist"  # chuyên viên
    LEADER = "leader"  # lãnh đạo
    CLERK = "clerk"  # văn thư
    ADMINISTRATOR = "administrator"  # quản trị
    MONITOR = "monitor"  # giám sát, theo dõi


# V1V2V3.Z1Z2.Y1Y2.MX1X2 (Circular 10/2016/TT-BTTTT, QCVN 102:2016): levels
# are written from the most specific to the province, e.g. 000.00.06.H56,
# so shorter codes such as H21.65 also occur in real systems.
_AGENCY_IDENTIFIER = re.compile(
    r"^(?:\d{3}\.)?(?:\d{2}\.)?(?:\d{2}\.)?[A-Z]\d{2}(?:\.\d{1,3})?$"
)


class InvalidTree(ValueError):
    """A unit cannot sit where it was placed in the administrative tree."""


def is_agency_identifier(code: str) -> bool:
    """Tell whether ``code`` has the shape of an agency's electronic identifier."""
    return bool(_AGENCY_IDENTIFIER.match(code))


def check_placement(
    *, child_rank: int, parent_rank: int | None, ancestors: list[str], child: str
) -> None:
    """Refuse a placement that breaks the tree.

    ``ancestors`` are the codes from the proposed parent up to the root; a
    unit may not become its own ancestor, and a child's level must be deeper
    than its parent's (a commune may hang directly under a province).
    """
    if child in ancestors:
        raise InvalidTree(f"{child} would become its own ancestor")
    if parent_rank is not None and child_rank <= parent_rank:
        raise InvalidTree(
            f"level rank {child_rank} is not below its parent's rank {parent_rank}"
        )
