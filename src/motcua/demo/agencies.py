"""The agencies of the demo province, with identifiers in the QCVN 102 shape.

Identifiers follow V1V2V3.Z1Z2.Y1Y2.MX1X2 (Circular 10/2016/TT-BTTTT):
departments and district People's Committees are second-level units
(000.00.YY.H39), communes are third-level units under their district
(000.ZZ.YY.H39). H39 is Long An's place in the alphabetical list of
provinces; a real installation loads its own identifiers.
"""

PROVINCE_SUFFIX = "H39"

# Second-level number, function, kind and name of each provincial agency.
PROVINCIAL_AGENCIES = [
    ("00", "province_pc", "province_pc", "Ủy ban nhân dân tỉnh Long An"),
    (
        "01",
        "service_centre",
        "service_centre",
        "Trung tâm Phục vụ hành chính công tỉnh Long An",
    ),
    ("02", "dept_justice", "department", "Sở Tư pháp tỉnh Long An"),
    ("03", "dept_transport", "department", "Sở Giao thông vận tải tỉnh Long An"),
    ("04", "dept_planning", "department", "Sở Kế hoạch và Đầu tư tỉnh Long An"),
    (
        "05",
        "dept_labour",
        "department",
        "Sở Lao động - Thương binh và Xã hội tỉnh Long An",
    ),
    ("06", "dept_health", "department", "Sở Y tế tỉnh Long An"),
    ("07", "dept_education", "department", "Sở Giáo dục và Đào tạo tỉnh Long An"),
    ("08", "dept_construction", "department", "Sở Xây dựng tỉnh Long An"),
    (
        "09",
        "dept_natural_resources",
        "department",
        "Sở Tài nguyên và Môi trường tỉnh Long An",
    ),
    ("10", "dept_industry", "department", "Sở Công Thương tỉnh Long An"),
    (
        "11",
        "dept_culture",
        "department",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Long An",
    ),
    (
        "12",
        "dept_agriculture",
        "department",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Long An",
    ),
]
PROVINCE_ADDRESS = "Số 61 Nguyễn Huệ, Phường 1, Thành phố Tân An, tỉnh Long An"
FIRST_DISTRICT_NUMBER = 20
LAND_OFFICE_NUMBER = 90
POLICE_PREFIX = "001"


def provincial_code(number: str) -> str:
    return f"000.00.{number}.{PROVINCE_SUFFIX}"


def district_code(index: int) -> str:
    return f"000.00.{FIRST_DISTRICT_NUMBER + index:02d}.{PROVINCE_SUFFIX}"


def commune_code(district_index: int, commune_index: int, prefix: str = "000") -> str:
    return (
        f"{prefix}.{commune_index + 1:02d}."
        f"{FIRST_DISTRICT_NUMBER + district_index:02d}.{PROVINCE_SUFFIX}"
    )
