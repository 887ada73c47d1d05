"""The default message templates, Vietnamese and English.

Loaded by migration 0002 (only the missing rows); administrators
edit the rows afterwards. SMS bodies are short: with unaccented text (the
``MOTCUA_SMS_ASCII`` setting) most fit in one 160-character part.
"""

FOOTER_VI = (
    "\n\nTra cứu hồ sơ: {{ tracking_url }}\nĐây là thư tự động, xin không trả lời."
)
FOOTER_EN = "\n\nFollow your dossier: {{ tracking_url }}\nThis is an automatic message; please do not reply."

DEFAULTS = {
    ("submitted", "vi"): (
        "Hồ sơ {{ dossier_code }} đã được nộp trực tuyến",
        "Kính gửi {{ applicant_name }},\n\nHồ sơ {{ dossier_code }} "
        "({{ procedure_name }}) đã được nộp trực tuyến lúc {{ submitted_date }} "
        "đến {{ agency_name }}.\nCơ quan sẽ tiếp nhận, yêu cầu bổ sung hoặc trả "
        "lời từ chối chậm nhất lúc {{ answer_by }}; thời hạn giải quyết được tính "
        "từ khi hồ sơ được tiếp nhận." + FOOTER_VI,
        "Ho so {{ dossier_code }} da nop truc tuyen luc {{ submitted_date }}, "
        "co quan tra loi truoc {{ answer_by }}.",
    ),
    ("submitted", "en"): (
        "Dossier {{ dossier_code }} submitted online",
        "Dear {{ applicant_name }},\n\nDossier {{ dossier_code }} "
        "({{ procedure_name }}) was submitted online on {{ submitted_date }} to "
        "{{ agency_name }}.\nThe agency will receive it, ask for it to be "
        "completed or refuse it by {{ answer_by }}; the time to handle it counts "
        "from its reception." + FOOTER_EN,
        "Dossier {{ dossier_code }} submitted {{ submitted_date }}; the agency "
        "answers by {{ answer_by }}.",
    ),
    ("not_accepted", "vi"): (
        "Hồ sơ {{ dossier_code }} không được tiếp nhận",
        "Kính gửi {{ applicant_name }},\n\n{{ agency_name }} không tiếp nhận hồ "
        "sơ {{ dossier_code }} ({{ procedure_name }}).\nLý do: {{ reason }}\n"
        "Phí, lệ phí đã nộp (nếu có) được hoàn trả." + FOOTER_VI,
        "Ho so {{ dossier_code }} khong duoc tiep nhan. Chi tiet: {{ tracking_url }}",
    ),
    ("not_accepted", "en"): (
        "Dossier {{ dossier_code }} not accepted",
        "Dear {{ applicant_name }},\n\n{{ agency_name }} did not accept dossier "
        "{{ dossier_code }} ({{ procedure_name }}).\nReasons: {{ reason }}\n"
        "Any fees paid are refunded." + FOOTER_EN,
        "Dossier {{ dossier_code }} was not accepted. Details: {{ tracking_url }}",
    ),
    ("received", "vi"): (
        "Hồ sơ {{ dossier_code }} đã được tiếp nhận",
        "Kính gửi {{ applicant_name }},\n\n{{ agency_name }} đã tiếp nhận hồ sơ "
        "{{ dossier_code }} ({{ procedure_name }}) ngày {{ received_date }}.\n"
        "Ngày hẹn trả kết quả: {{ due_date }}." + FOOTER_VI,
        "Hồ sơ {{ dossier_code }} đã được tiếp nhận ngày {{ received_date }}, "
        "hẹn trả kết quả ngày {{ due_date }}.",
    ),
    ("received", "en"): (
        "Dossier {{ dossier_code }} received",
        "Dear {{ applicant_name }},\n\n{{ agency_name }} received dossier "
        "{{ dossier_code }} ({{ procedure_name }}) on {{ received_date }}.\n"
        "The result is due on {{ due_date }}." + FOOTER_EN,
        "Dossier {{ dossier_code }} received on {{ received_date }}, result due "
        "{{ due_date }}.",
    ),
    ("supplement_needed", "vi"): (
        "Hồ sơ {{ dossier_code }} cần bổ sung giấy tờ",
        "Kính gửi {{ applicant_name }},\n\nHồ sơ {{ dossier_code }} "
        "({{ procedure_name }}) cần bổ sung, hoàn thiện các giấy tờ sau:\n"
        "{{ missing }}\n{% if reason %}\nGhi chú của cán bộ: {{ reason }}\n{% endif %}\n"
        "Thời gian giải quyết tạm dừng cho đến khi {{ agency_name }} nhận đủ "
        "giấy tờ bổ sung." + FOOTER_VI,
        "Hồ sơ {{ dossier_code }} cần bổ sung: {{ missing_inline }}. "
        "Chi tiết: {{ tracking_url }}",
    ),
    ("supplement_needed", "en"): (
        "Dossier {{ dossier_code }}: documents to add",
        "Dear {{ applicant_name }},\n\nDossier {{ dossier_code }} "
        "({{ procedure_name }}) needs the following documents:\n{{ missing }}\n"
        "{% if reason %}\nOfficer's note: {{ reason }}\n{% endif %}\n"
        "The processing time stands still until {{ agency_name }} has received "
        "them." + FOOTER_EN,
        "Dossier {{ dossier_code }} needs: {{ missing_inline }}. "
        "Details: {{ tracking_url }}",
    ),
    ("fees_due", "vi"): (
        "Hồ sơ {{ dossier_code }}: thông báo thực hiện nghĩa vụ tài chính",
        "Kính gửi {{ applicant_name }},\n\nĐể tiếp tục giải quyết hồ sơ "
        "{{ dossier_code }} ({{ procedure_name }}), đề nghị ông/bà nộp "
        "{{ amount }}.{% if reason %}\nNội dung: {{ reason }}{% endif %}\n"
        "Thời gian giải quyết tạm dừng cho đến khi nghĩa vụ tài chính được "
        "thực hiện." + FOOTER_VI,
        "Hồ sơ {{ dossier_code }}: đề nghị nộp {{ amount }} để tiếp tục giải "
        "quyết. Chi tiết: {{ tracking_url }}",
    ),
    ("fees_due", "en"): (
        "Dossier {{ dossier_code }}: fees to pay",
        "Dear {{ applicant_name }},\n\nTo continue processing dossier "
        "{{ dossier_code }} ({{ procedure_name }}), please pay {{ amount }}."
        "{% if reason %}\nFor: {{ reason }}{% endif %}\nThe processing time "
        "stands still until the payment is recorded." + FOOTER_EN,
        "Dossier {{ dossier_code }}: please pay {{ amount }} to continue. "
        "Details: {{ tracking_url }}",
    ),
    ("late_new_date", "vi"): (
        "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {{ dossier_code }}",
        "Kính gửi {{ applicant_name }},\n\n{{ agency_name }} xin lỗi ông/bà vì "
        "hồ sơ {{ dossier_code }} ({{ procedure_name }}) không giải quyết được "
        "đúng hẹn ngày {{ due_date }}.{% if reason %}\nLý do: {{ reason }}"
        "{% endif %}\nNgày hẹn trả kết quả mới: {{ new_date }}." + FOOTER_VI,
        "Xin lỗi ông/bà: hồ sơ {{ dossier_code }} trễ hẹn, hẹn lại ngày trả "
        "kết quả {{ new_date }}.",
    ),
    ("late_new_date", "en"): (
        "Apology and new date for dossier {{ dossier_code }}",
        "Dear {{ applicant_name }},\n\n{{ agency_name }} apologises: dossier "
        "{{ dossier_code }} ({{ procedure_name }}) could not be completed by "
        "{{ due_date }}.{% if reason %}\nReason: {{ reason }}{% endif %}\n"
        "The new date for the result is {{ new_date }}." + FOOTER_EN,
        "We apologise: dossier {{ dossier_code }} is late; new date for the "
        "result {{ new_date }}.",
    ),
    ("result_ready", "vi"): (
        "Hồ sơ {{ dossier_code }} đã có kết quả",
        "Kính gửi {{ applicant_name }},\n\nHồ sơ {{ dossier_code }} "
        "({{ procedure_name }}) đã có kết quả ngày {{ resolved_date }}.\n"
        "Hình thức nhận kết quả: {{ delivery }}." + FOOTER_VI,
        "Hồ sơ {{ dossier_code }} đã có kết quả. Nhận kết quả: {{ delivery }}.",
    ),
    ("result_ready", "en"): (
        "The result of dossier {{ dossier_code }} is ready",
        "Dear {{ applicant_name }},\n\nThe result of dossier {{ dossier_code }} "
        "({{ procedure_name }}) was ready on {{ resolved_date }}.\n"
        "It is returned: {{ delivery }}." + FOOTER_EN,
        "The result of dossier {{ dossier_code }} is ready. Delivery: {{ delivery }}.",
    ),
    ("returned", "vi"): (
        "Hồ sơ {{ dossier_code }} đã trả kết quả",
        "Kính gửi {{ applicant_name }},\n\nKết quả hồ sơ {{ dossier_code }} "
        "({{ procedure_name }}) đã được trả ngày {{ returned_date }}.\n"
        "Cảm ơn ông/bà đã sử dụng dịch vụ." + FOOTER_VI,
        "Hồ sơ {{ dossier_code }} đã trả kết quả ngày {{ returned_date }}. "
        "Cảm ơn ông/bà.",
    ),
    ("returned", "en"): (
        "The result of dossier {{ dossier_code }} was returned",
        "Dear {{ applicant_name }},\n\nThe result of dossier {{ dossier_code }} "
        "({{ procedure_name }}) was returned on {{ returned_date }}.\n"
        "Thank you." + FOOTER_EN,
        "The result of dossier {{ dossier_code }} was returned on "
        "{{ returned_date }}. Thank you.",
    ),
    ("at_risk", "vi"): (
        "Cảnh báo: hồ sơ {{ dossier_code }} "
        '{% if "late" in level %}đã quá hạn{% else %}sắp đến hạn{% endif %}',
        "Kính gửi {{ officer_name }},\n\nHồ sơ {{ dossier_code }} "
        "({{ procedure_name }}){% if step_name %} đang ở bước "
        "“{{ step_name }}”{% endif %} có hạn xử lý {{ due_date }}, "
        '{% if "late" in level %}đã quá hạn{% else %}còn dưới 1 ngày làm việc'
        "{% endif %}.\n\nMở hồ sơ: {{ dossier_url }}",
        "Cảnh báo: hồ sơ {{ dossier_code }} "
        '{% if "late" in level %}đã quá hạn{% else %}sắp đến hạn{% endif %} '
        "{{ due_date }}.",
    ),
    ("at_risk", "en"): (
        "Warning: dossier {{ dossier_code }} "
        '{% if "late" in level %}is late{% else %}is nearly due{% endif %}',
        "Dear {{ officer_name }},\n\nDossier {{ dossier_code }} "
        "({{ procedure_name }}){% if step_name %} at the step "
        "“{{ step_name }}”{% endif %} is due {{ due_date }}, "
        '{% if "late" in level %}and is already late{% else %}less than one '
        "working day from now{% endif %}.\n\nOpen the dossier: {{ dossier_url }}",
        "Warning: dossier {{ dossier_code }} "
        '{% if "late" in level %}was due{% else %}is due{% endif %} {{ due_date }}.',
    ),
    ("otp", "vi"): (
        "Mã xác thực {{ code }}",
        "Mã xác thực của ông/bà là {{ code }}, có hiệu lực trong {{ minutes }} "
        "phút.\nKhông cung cấp mã này cho bất kỳ ai, kể cả cán bộ.\n\n"
        "Đây là thư tự động, xin không trả lời.",
        "Ma xac thuc cua ban la {{ code }}, hieu luc {{ minutes }} phut. "
        "Khong cung cap ma cho bat ky ai.",
    ),
    ("otp", "en"): (
        "Your code {{ code }}",
        "Your one-time code is {{ code }}; it is valid for {{ minutes }} minutes."
        "\nDo not give it to anyone, staff included.\n\nThis is an automatic "
        "message; please do not reply.",
        "Your code is {{ code }}, valid {{ minutes }} minutes. Do not share it.",
    ),
}
"""(kind, language) -> (e-mail subject, e-mail body, SMS body)."""


def load_defaults(template_model, *, overwrite: bool = False) -> int:
    """Create the default templates that are missing; return how many."""
    created = 0
    for (kind, language), (subject, body, sms) in DEFAULTS.items():
        for channel, values in (
            ("email", {"subject": subject, "body": body}),
            ("sms", {"subject": "", "body": sms}),
        ):
            if overwrite:
                template_model.objects.update_or_create(
                    kind=kind, channel=channel, language=language, defaults=values
                )
                created += 1
            else:
                _, made = template_model.objects.get_or_create(
                    kind=kind, channel=channel, language=language, defaults=values
                )
                created += made
    return created
