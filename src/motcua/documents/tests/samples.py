"""A filled form context, as the desk would give it for a birth registration."""

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.documents.forms import AgencyHeader, DocumentLine, FormContext

LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.00.02.H39-261122-0007"
TRACKING_URL = f"http://127.0.0.1:8000/tra-cuu/?ma={CODE}"

AGENCY = AgencyHeader(
    parent_name="UBND huyện Tân Thạnh",
    name="UBND thị trấn Tân Thạnh",
    unit_name="Tân Thạnh",
    address="Khu phố 1, thị trấn Tân Thạnh",
    phone="0272 3842 123",
)


def form(rule_set_code: str, form_key: str, **changes) -> FormContext:
    context = FormContext(
        rule_set_code=rule_set_code,
        form_key=form_key,
        issued_at=datetime(2026, 11, 22, 9, 40, tzinfo=LOCAL),
        agency=AGENCY,
        dossier_code=CODE,
        reference_number="15/HDHS",
        procedure_code="1.001193",
        procedure_name="Thủ tục đăng ký khai sinh",
        applicant_name="Nguyễn Văn An",
        applicant_id="080090001234",
        applicant_address="Ấp 3, xã Tân Phước, huyện Tân Thạnh, tỉnh Long An",
        applicant_phone="0912 345 678",
        applicant_email="an.nguyen@example.vn",
        documents=[
            DocumentLine("Tờ khai đăng ký khai sinh theo mẫu", originals=1),
            DocumentLine("Giấy chứng sinh", originals=1),
            DocumentLine("Căn cước công dân của người đi đăng ký", copies=1),
        ],
        missing_documents=[
            "Giấy chứng sinh do cơ sở y tế cấp",
            "Văn bản ủy quyền có chứng thực",
        ],
        reasons=[
            "Thiếu giấy chứng sinh do cơ sở y tế cấp",
            "Tờ khai chưa ghi quê quán của người mẹ",
        ],
        processing_time="03 ngày làm việc",
        received_at=datetime(2026, 11, 22, 9, 32, tzinfo=LOCAL),
        due_at=datetime(2026, 11, 25, 9, 32, tzinfo=LOCAL),
        new_due_at=datetime(2026, 11, 30, 14, 0, tzinfo=LOCAL),
        delivery_method="Bộ phận Một cửa",
        fee="Miễn lệ phí",
        officer_name="Trần Thị Mai",
        tracking_url=TRACKING_URL,
    )
    return replace(context, **changes)
