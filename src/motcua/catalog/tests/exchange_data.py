"""Files to import in the exchange tests, built as real sources write them."""

import copy
import io
import json

from openpyxl import load_workbook


def national_record(code="1.001193", **overrides) -> dict:
    """Return a LayThuTuc object as the national database publishes it."""
    record = {
        "MATTHC": code,
        "TENTTHC": "Thủ tục đăng ký khai sinh",
        "CAPTHUCHIEN": "Cấp Xã",
        "LINHVUCTHUCHIEN": [{"MALINHVUC": "HOTICH", "TENLINHVUC": "Hộ tịch"}],
        "TRINHTUTHUCHIEN": [
            {
                "TRUONGHOP": "",
                "TRINHTU": [
                    {"TENTRINHTU": "Bước 1: Nộp hồ sơ"},
                    {"TENTRINHTU": "Bước 2: Trả kết quả"},
                ],
            }
        ],
        "CACHTHUCTHUCHIEN": [
            {
                "KENH": 1,
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": 0,
                        "DONVITINH": "Trong ngày",
                        "MOTA": "Ngay trong ngày tiếp nhận; nhận hồ sơ sau 15 giờ "
                        "thì trả kết quả trong ngày làm việc tiếp theo",
                        "PHILEPHI": [
                            {
                                "MAPHILEPHI": "LP",
                                "SOTIEN": "8.000",
                                "DONVI": "Đồng",
                                "MOTA": "Lệ phí đăng ký khai sinh",
                            }
                        ],
                    }
                ],
            },
            {
                "KENH": "2",
                "THOIGIAN": [
                    {
                        "THOIGIANGIAIQUYET": 0,
                        "DONVITINH": "Trong ngày",
                        "MOTA": "",
                        "PHILEPHI": [],
                    }
                ],
            },
        ],
        "THANHPHANHOSO": [
            {
                "TRUONGHOP": "",
                "GIAYTO": [
                    {
                        "MAGIAYTO": "1",
                        "TENGIAYTO": "Tờ khai đăng ký khai sinh theo mẫu",
                        "SOBANCHINH": 1,
                        "SOBANSAO": 0,
                        "TENMAUDON": "to-khai-dang-ky-khai-sinh",
                        "URL": "",
                    }
                ],
            },
            {
                "TRUONGHOP": "Trẻ em sinh ra do mang thai hộ",
                "GIAYTO": [
                    {
                        "TENGIAYTO": "Văn bản xác nhận của cơ sở y tế",
                        "SOBANCHINH": "1",
                        "SOBANSAO": "0",
                    }
                ],
            },
        ],
        "DOITUONGTHUCHIEN": "Cá nhân",
        "YEUCAU": "Đăng ký trong 60 ngày kể từ ngày sinh",
        "KETQUATHUCHIEN": [{"MAKETQUA": "KQ1", "TENKETQUA": "Giấy khai sinh"}],
        "CANCUPHAPLY": [
            {
                "SOVANBAN": "60/2014/QH13",
                "TENVANBAN": "Luật Hộ tịch",
                "NGAYBANHANH": "20/11/2014",
            }
        ],
        "COQUANTHUCHIEN": [{"MADONVI": "", "TENDONVI": "Ủy ban nhân dân cấp xã"}],
        "TRANGTHAI": 1,
    }
    record.update(overrides)
    return record


def second_national_record() -> dict:
    record = national_record(
        "2.000488",
        TENTTHC="Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam",
        CAPTHUCHIEN="Cấp Tỉnh",
        LINHVUCTHUCHIEN=[
            {"MALINHVUC": "LYLICHTUPHAP", "TENLINHVUC": "Lý lịch tư pháp"}
        ],
    )
    record["CACHTHUCTHUCHIEN"] = [
        {
            "KENH": 3,
            "THOIGIAN": [
                {
                    "THOIGIANGIAIQUYET": 10,
                    "DONVITINH": "Ngày làm việc",
                    "MOTA": "10 ngày",
                    "PHILEPHI": [
                        {"SOTIEN": 200000, "DONVI": "VNĐ", "MOTA": "Phí cấp Phiếu"}
                    ],
                }
            ],
        }
    ]
    return record


def as_json(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def edit_workbook(content: bytes, edits: dict) -> bytes:
    """Return ``content`` with cells changed: ``{(sheet, "B4"): value}``."""
    workbook = load_workbook(io.BytesIO(content))
    for (sheet, cell), value in edits.items():
        workbook[sheet][cell] = value
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def copy_of(record: dict) -> dict:
    return copy.deepcopy(record)
