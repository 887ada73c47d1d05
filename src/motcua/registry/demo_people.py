"""Realistic demo people for the local population registry (Long An).

Nine households living in the communes of the demo district (Tân Thạnh,
read from the administrative units when they are loaded), 34 people in
all, with parents, spouses and heads of household linked so that a birth
registration can prefill both parents. Personal IDs follow the national
shape that ``dossiers.domain.check_personal_id`` checks: 080 (Long An),
the century and sex digit (0/1 born 1900-1999, 2/3 born 2000-2099, even
for men), the two last digits of the year, a six-digit serial.
"""

from datetime import date

from django.db import transaction

from .models import RegistryPerson

LONG_AN = "080"
FALLBACK_COMMUNES = [
    "Thị trấn Tân Thạnh",
    "Xã Tân Bình",
    "Xã Nhơn Hòa",
    "Xã Hậu Thạnh Đông",
    "Xã Kiến Bình",
    "Xã Tân Hòa",
    "Xã Bắc Hòa",
    "Xã Tân Lập",
    "Xã Nhơn Ninh",
]
FALLBACK_DISTRICT = "Huyện Tân Thạnh"
FALLBACK_PROVINCE = "Tỉnh Long An"

# (full name, date of birth, sex, relation to the head, religion);
# the first member is the head of household.
HOUSEHOLDS = [
    [
        ("Nguyễn Văn Tâm", date(1994, 3, 12), "male", "Chủ hộ", ""),
        ("Trần Thị Ngọc Hân", date(1997, 8, 25), "female", "Vợ", ""),
    ],
    [
        ("Lê Văn Phúc", date(1968, 1, 5), "male", "Chủ hộ", "Phật giáo"),
        ("Phạm Thị Lan", date(1971, 11, 19), "female", "Vợ", "Phật giáo"),
        ("Lê Minh Khoa", date(1995, 6, 2), "male", "Con", ""),
        ("Lê Thị Thu Trang", date(2001, 9, 14), "female", "Con", ""),
        ("Lê Gia Bảo", date(2008, 4, 30), "male", "Con", ""),
    ],
    [
        ("Võ Thành Nhân", date(1985, 12, 1), "male", "Chủ hộ", "Công giáo"),
        ("Huỳnh Thị Mỹ Linh", date(1988, 2, 17), "female", "Vợ", "Công giáo"),
        ("Võ Huỳnh Anh Thư", date(2012, 7, 7), "female", "Con", "Công giáo"),
        ("Võ Thành Đạt", date(2016, 10, 21), "male", "Con", "Công giáo"),
        ("Võ Văn Sáu", date(1955, 5, 9), "male", "Bố", "Công giáo"),
        ("Đặng Thị Tư", date(1958, 3, 3), "female", "Mẹ", "Công giáo"),
    ],
    [
        ("Trương Thị Bích", date(1962, 8, 8), "female", "Chủ hộ", "Phật giáo Hòa Hảo"),
        ("Nguyễn Hoàng Long", date(1990, 1, 26), "male", "Con", ""),
        ("Nguyễn Thị Kim Ngân", date(1993, 5, 15), "female", "Con", ""),
    ],
    [
        ("Đỗ Quốc Huy", date(1979, 9, 2), "male", "Chủ hộ", ""),
        ("Bùi Thị Hồng", date(1982, 12, 24), "female", "Vợ", ""),
        ("Đỗ Quốc Thắng", date(2004, 6, 18), "male", "Con", ""),
        ("Đỗ Thị Hồng Nhung", date(2010, 11, 11), "female", "Con", ""),
    ],
    [
        ("Phan Văn Hậu", date(1999, 2, 14), "male", "Chủ hộ", ""),
        ("Lâm Thị Diễm My", date(2000, 10, 3), "female", "Vợ", "Phật giáo"),
        ("Phan Lâm Gia Huy", date(2023, 4, 1), "male", "Con", ""),
    ],
    [
        ("Hồ Văn Bình", date(1950, 7, 27), "male", "Chủ hộ", "Cao Đài"),
        ("Nguyễn Thị Sương", date(1953, 4, 4), "female", "Vợ", "Cao Đài"),
        ("Hồ Thị Thanh Tuyền", date(1976, 1, 30), "female", "Con", "Cao Đài"),
    ],
    [
        ("Thạch Sô Phên", date(1987, 3, 21), "male", "Chủ hộ", "Phật giáo"),
        ("Sơn Thị Sa Rết", date(1989, 8, 9), "female", "Vợ", "Phật giáo"),
        ("Thạch Thị Sô Phia", date(2014, 12, 5), "female", "Con", "Phật giáo"),
    ],
    [
        ("Mai Thanh Tùng", date(1991, 10, 10), "male", "Chủ hộ", ""),
        ("Cao Thị Yến Nhi", date(1996, 6, 6), "female", "Vợ", ""),
        ("Mai Cao Bảo Ngọc", date(2019, 2, 28), "female", "Con", ""),
        ("Mai Cao Minh Quân", date(2021, 9, 19), "male", "Con", ""),
        ("Cao Văn Lực", date(1965, 11, 2), "male", "Bố vợ", ""),
    ],
]
# Members born elsewhere (registered birth and home town outside the district).
ELSEWHERE = {
    "Trần Thị Ngọc Hân": "Xã An Hữu, Huyện Cái Bè, Tỉnh Tiền Giang",
    "Huỳnh Thị Mỹ Linh": "Phường 2, Thành phố Tân An, Tỉnh Long An",
    "Bùi Thị Hồng": "Xã Mỹ Hạnh Nam, Huyện Đức Hòa, Tỉnh Long An",
    "Sơn Thị Sa Rết": "Xã Long Vĩnh, Huyện Duyên Hải, Tỉnh Trà Vinh",
    "Cao Thị Yến Nhi": "Phường 4, Quận 8, Thành phố Hồ Chí Minh",
    "Cao Văn Lực": "Phường 4, Quận 8, Thành phố Hồ Chí Minh",
}
KHMER = {"Thạch Sô Phên", "Sơn Thị Sa Rết", "Thạch Thị Sô Phia"}


def personal_id(birth: date, sex: str, serial: int) -> str:
    """Return the 12-digit number of a person registered in Long An."""
    century = (birth.year - 1900) // 100 * 2 + (1 if sex == "female" else 0)
    return f"{LONG_AN}{century}{birth.year % 100:02d}{serial:06d}"


def _places(district_code: str) -> tuple[list[str], str, str]:
    from motcua.accounts.models import AdministrativeUnit

    if not district_code:
        return FALLBACK_COMMUNES, FALLBACK_DISTRICT, FALLBACK_PROVINCE
    district = (
        AdministrativeUnit.objects.filter(code=district_code)
        .select_related("parent")
        .first()
    )
    if district is None:
        return FALLBACK_COMMUNES, FALLBACK_DISTRICT, FALLBACK_PROVINCE
    communes = [
        unit.name_with_type
        for unit in district.children.filter(is_active=True).order_by("code")
    ]
    province = district.parent.name_with_type if district.parent else FALLBACK_PROVINCE
    return communes or FALLBACK_COMMUNES, district.name_with_type, province


def demo_people(district_code: str = "") -> list[dict]:
    """Return the demo people as field dicts, in a stable order."""
    communes, district, province = _places(district_code)
    people, serial = [], 1000
    for h_index, members in enumerate(HOUSEHOLDS):
        commune = communes[h_index % len(communes)]
        hamlet = "Khu phố" if commune.lower().startswith("thị trấn") else "Ấp"
        address = f"{hamlet} {h_index % 5 + 1}, {commune}, {district}, {province}"
        native = f"{commune}, {district}, {province}"
        rows = []
        for name, birth, sex, relation, religion in members:
            serial += 37
            place = ELSEWHERE.get(name, native)
            rows.append(
                {
                    "personal_id": personal_id(birth, sex, serial),
                    "full_name": name,
                    "birth_date": birth,
                    "sex": sex,
                    "birth_place": place,
                    "hometown": place,
                    "ethnicity": "Khmer" if name in KHMER else "Kinh",
                    "religion": religion or "Không",
                    "nationality": "Việt Nam",
                    "permanent_address": address,
                    "current_address": address,
                    "household_code": f"HK{LONG_AN}{h_index + 1:06d}",
                    "household_head_name": members[0][0],
                    "relation_to_head": relation,
                }
            )
        _link_family(rows)
        people.extend(rows)
    return people


def _link_family(rows: list[dict]) -> None:
    by_relation: dict[str, list[dict]] = {}
    for row in rows:
        by_relation.setdefault(row["relation_to_head"], []).append(row)
    head = rows[0]
    spouse = (by_relation.get("Vợ") or by_relation.get("Chồng") or [None])[0]
    parents = (by_relation.get("Bố") or []) + (by_relation.get("Mẹ") or [])

    def marry(one, other):
        one.update(spouse_name=other["full_name"], spouse_id=other["personal_id"])
        other.update(spouse_name=one["full_name"], spouse_id=one["personal_id"])
        one["marital_status"] = other["marital_status"] = "married"

    def parent_of(child, couple):
        for parent in couple:
            side = "father" if parent["sex"] == "male" else "mother"
            child[f"{side}_name"] = parent["full_name"]
            child[f"{side}_id"] = parent["personal_id"]

    if spouse is not None:
        marry(head, spouse)
    if len(parents) == 2:
        marry(*parents)
    parent_of(head, parents)
    couple = [head] + ([spouse] if spouse else [])
    for child in by_relation.get("Con", []):
        parent_of(child, couple)
    for in_law in by_relation.get("Bố vợ", []):
        if spouse is not None:
            parent_of(spouse, [in_law])
        in_law["marital_status"] = "widowed"
    for row in rows:
        if not row.get("marital_status"):
            age = 2026 - row["birth_date"].year
            row["marital_status"] = (
                "single" if age < 40 or row is not head else "widowed"
            )


@transaction.atomic
def load_people(district_code: str = "") -> int:
    """Create or update the demo people; return how many there are."""
    people = demo_people(district_code)
    for person in people:
        RegistryPerson.objects.update_or_create(
            personal_id=person["personal_id"], defaults=person
        )
    return len(people)
