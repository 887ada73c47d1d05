"""Make a synthetic catalog of any size in the seed record shape.

Names are built from real Vietnamese procedure vocabulary so that searches
hit realistic word distributions; codes are unique national-shaped codes in
a range (9.xxxxxx) that no real procedure uses.
"""

import random

FIELDS = [
    ("HOTICH", "Hộ tịch"),
    ("CHUNGTHUC", "Chứng thực"),
    ("DATDAI", "Đất đai"),
    ("XAYDUNG", "Xây dựng"),
    ("DUONGBO", "Đường bộ"),
    ("CUTRU", "Cư trú"),
    ("GIAODUC", "Giáo dục và Đào tạo"),
    ("YTE", "Y tế"),
    ("LAODONG", "Lao động"),
    ("BAOTROXAHOI", "Bảo trợ xã hội"),
    ("NGUOICOCONG", "Người có công"),
    ("DANGKYKINHDOANH", "Thành lập và hoạt động của hộ kinh doanh"),
    ("THUONGMAI", "Thương mại"),
    ("VANHOA", "Văn hóa cơ sở"),
    ("NONGNGHIEP", "Trồng trọt"),
    ("TONGIAO", "Tôn giáo, tín ngưỡng"),
    ("MOITRUONG", "Môi trường"),
    ("TAINGUYENNUOC", "Tài nguyên nước"),
]
VERBS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Điều chỉnh",
    "Gia hạn",
    "Đăng ký",
    "Thu hồi",
    "Xác nhận",
    "Công nhận",
    "Thẩm định",
    "Phê duyệt",
    "Chấp thuận",
    "Đăng ký thay đổi",
    "Giải quyết",
]
OBJECTS = [
    "giấy phép xây dựng",
    "giấy chứng nhận quyền sử dụng đất",
    "giấy phép kinh doanh",
    "chứng chỉ hành nghề",
    "giấy xác nhận tình trạng hôn nhân",
    "trợ cấp xã hội hàng tháng",
    "hộ kinh doanh",
    "giấy phép lái xe",
    "phiếu lý lịch tư pháp",
    "bản sao trích lục hộ tịch",
    "giấy phép môi trường",
    "quyết định công nhận trường chuẩn quốc gia",
    "giấy phép khai thác nước",
    "giấy chứng nhận đủ điều kiện an toàn thực phẩm",
    "thẻ bảo hiểm y tế",
    "giấy khai sinh",
    "giấy phép tổ chức lễ hội",
    "giấy phép quảng cáo",
    "chế độ người có công",
    "thường trú",
]
QUALIFIERS = [
    "",
    "",
    "cho cá nhân",
    "cho tổ chức",
    "có yếu tố nước ngoài",
    "lưu động",
    "trường hợp bị mất",
    "trường hợp hết hạn",
    "tại cấp xã",
    "tại cấp tỉnh",
]
LEVELS = ["province", "district", "commune"]
UNITS = [
    "working_days",
    "working_days",
    "working_days",
    "working_hours",
    "same_day",
    "calendar_days",
]


def generate_catalog(count: int, *, seed: int = 2026) -> dict:
    """Return ``{"fields": [...], "procedures": [...]}`` with ``count`` records."""
    rng = random.Random(seed)
    procedures = []
    for index in range(count):
        field_code, _ = rng.choice(FIELDS)
        unit = rng.choice(UNITS)
        amount = (
            0 if unit == "same_day" else rng.choice([1, 2, 3, 5, 7, 10, 15, 20, 30])
        )
        name = " ".join(
            part
            for part in (rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(QUALIFIERS))
            if part
        )
        procedures.append(
            {
                "code": f"9.{index:06d}",
                "name": name[0].upper() + name[1:],
                "level": rng.choice(LEVELS),
                "field": field_code,
                "agency_kinds": [],
                "online_level": rng.choice(["full", "partial", "none"]),
                "postal": rng.random() < 0.7,
                "documents": [
                    {
                        "name": f"Tờ khai số {n}",
                        "originals": 1,
                        "copies": rng.randint(0, 2),
                    }
                    for n in range(1, rng.randint(2, 6))
                ],
                "channels": [
                    {
                        "channel": channel,
                        "time_amount": amount,
                        "time_unit": unit,
                        "cutoff_hour": 15 if unit == "same_day" else None,
                        "fees": [
                            {
                                "name": "Lệ phí",
                                "amount": rng.choice([0, 8000, 50000, 200000]),
                            }
                        ],
                    }
                    for channel in ("desk", "online", "postal")
                ],
                "source": "synthetic (bench/generate.py)",
            }
        )
    return {
        "fields": [{"code": c, "name": n} for c, n in FIELDS],
        "procedures": procedures,
    }
