"""Identity numbers of applicants: personal ID, tax code, phone number.

Pure Python on purpose (no Django); ``domain`` re-exports these names.
"""

from datetime import date

import phonenumbers
from stdnum.vn import mst

# The province and city codes of the 12-digit personal identification number
# (Circular 07/2016/TT-BCA, Appendix), as printed on citizen identity cards.
_PROVINCES = """
    001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027
    030 031 033 034 035 036 037 038 040 042 044 045 046 048 049 051 052 054
    056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 083 084
    086 087 089 091 092 093 094 095 096
"""
PROVINCE_ID_CODES = frozenset(_PROVINCES.split())


class InvalidIdentifier(ValueError):
    """An identity number, tax code or phone number that cannot be right."""

    def __init__(self, code: str) -> None:
        self.code = code  # a stable key the interface turns into a message
        super().__init__(code)


def check_personal_id(value: str, birth_date: date | None = None) -> str:
    """Return the personal ID number if it is well formed, else raise.

    Twelve digits: the province code of registration (3), the century and
    sex code (1: 0/1 for 1900-1999, 2/3 for 2000-2099, ...), the last two
    digits of the year of birth (2) and a serial (6). When the date of birth
    is known the century and year must agree with it.
    """
    value = value.strip()
    if not (len(value) == 12 and value.isascii() and value.isdigit()):
        raise InvalidIdentifier("personal_id_shape")
    if value[:3] not in PROVINCE_ID_CODES:
        raise InvalidIdentifier("personal_id_province")
    if birth_date is not None and birth_year_of(value) != birth_date.year:
        raise InvalidIdentifier("personal_id_birth_year")
    return value


def birth_year_of(personal_id: str) -> int:
    """Return the year of birth encoded in a 12-digit personal ID."""
    century = 1900 + 100 * (int(personal_id[3]) // 2)
    return century + int(personal_id[4:6])


def check_tax_code(value: str) -> str:
    """Return the compact tax code (MST, 10 or 13 digits) if valid, else raise."""
    compact = mst.compact(value or "")
    if not mst.is_valid(compact):
        raise InvalidIdentifier("tax_code")
    return compact


def check_phone(value: str) -> str:
    """Return a Vietnamese phone number in national format, else raise."""
    try:
        number = phonenumbers.parse(value, "VN")
    except phonenumbers.NumberParseException:
        raise InvalidIdentifier("phone") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidIdentifier("phone")
    if number.country_code != 84:
        return phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    national = phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL
    )
    return national.replace(" ", "")
