"""Seed the two rule sets of the one-stop mechanism and their forms."""

import datetime

from django.db import migrations

RULE_SETS = [
    {
        "code": "nd61-2018",
        "name": "Nghị định 61/2018/NĐ-CP và Thông tư 01/2018/TT-VPCP",
        "decree": "61/2018/NĐ-CP",
        "circular": "01/2018/TT-VPCP",
        "effective_from": datetime.date(2018, 6, 21),
        "effective_to": datetime.date(2025, 7, 1),
        "forms": [
            {"number": "01", "key": "receipt", "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
            {"number": "02", "key": "supplement_request", "title": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
            {"number": "03", "key": "refusal", "title": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
            {"number": "04", "key": "apology", "title": "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"},
            {"number": "05", "key": "control_slip", "title": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"},
            {"number": "06", "key": "register", "title": "SỔ THEO DÕI HỒ SƠ"},
        ],
    },
    {
        "code": "nd118-2025",
        "name": "Nghị định 118/2025/NĐ-CP và Thông tư 03/2025/TT-VPCP",
        "decree": "118/2025/NĐ-CP",
        "circular": "03/2025/TT-VPCP",
        "effective_from": datetime.date(2025, 7, 1),
        "effective_to": None,
        "forms": [
            {"number": "01", "key": "receipt", "title": "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"},
            {"number": "02", "key": "supplement_request", "title": "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"},
            {"number": "03", "key": "refusal", "title": "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"},
            {"number": "04", "key": "apology", "title": "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"},
            {"number": "05", "key": "stop_notice", "title": "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"},
            {"number": "06", "key": "control_slip", "title": "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ"},
            {"number": "07", "key": "register", "title": "SỔ THEO DÕI HỒ SƠ"},
        ],
    },
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("dossiers", "RuleSet")
    for values in RULE_SETS:
        RuleSet.objects.update_or_create(code=values["code"], defaults=values)


def unseed(apps, schema_editor):
    apps.get_model("dossiers", "RuleSet").objects.filter(
        code__in=[r["code"] for r in RULE_SETS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
