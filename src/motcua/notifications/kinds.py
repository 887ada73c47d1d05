"""The kinds of message and the context each template may use.

A template sees only these names, filled with plain text by the caller
(dates already as dd/mm/yyyy, amounts already formatted): no rows, no
methods, so an administrator editing a template cannot reach data the
message was not meant to carry.
"""

from django.utils.translation import gettext_lazy as _

COMMON = {
    "dossier_code": _("dossier code"),
    "procedure_name": _("procedure name"),
    "applicant_name": _("applicant's name"),
    "agency_name": _("agency handling the dossier"),
    "tracking_url": _("address of the public tracking page"),
}

KINDS = {
    "submitted": {
        "label": _("Dossier submitted online"),
        "context": {
            **COMMON,
            "submitted_date": _("date and time submitted"),
            "answer_by": _("when the desk answers at the latest"),
        },
    },
    "not_accepted": {
        "label": _("Dossier not accepted"),
        "context": {**COMMON, "reason": _("the reasons for the refusal")},
    },
    "received": {
        "label": _("Dossier received"),
        "context": {
            **COMMON,
            "received_date": _("date received"),
            "due_date": _("appointment date"),
        },
    },
    "supplement_needed": {
        "label": _("Supplement needed"),
        "context": {
            **COMMON,
            "missing": _("what is missing, one per line"),
            "missing_inline": _("what is missing, separated by semicolons"),
            "reason": _("the officer's note"),
        },
    },
    "fees_due": {
        "label": _("Fees due"),
        "context": {
            **COMMON,
            "amount": _("amount in VND, formatted"),
            "reason": _("what the fees are for"),
        },
    },
    "late_new_date": {
        "label": _("Late: apology and new date"),
        "context": {
            **COMMON,
            "due_date": _("original appointment date"),
            "new_date": _("new appointment date"),
            "reason": _("reason for the delay"),
        },
    },
    "result_ready": {
        "label": _("Result ready"),
        "context": {
            **COMMON,
            "resolved_date": _("date the result was ready"),
            "delivery": _("how the result is returned"),
        },
    },
    "returned": {
        "label": _("Result returned"),
        "context": {**COMMON, "returned_date": _("date returned")},
    },
    "at_risk": {
        "label": _("Staff: dossier at risk of being late"),
        "context": {
            **COMMON,
            "due_date": _("due date and time"),
            "step_name": _("current step"),
            "officer_name": _("officer addressed"),
            "level": _("warning level (at risk or late)"),
            "dossier_url": _("address of the dossier in the back office"),
        },
    },
    "otp": {
        "label": _("One-time sign-in code"),
        "context": {
            "code": _("the one-time code"),
            "minutes": _("minutes the code stays valid"),
        },
    },
}

SAMPLE_CONTEXT = {
    "dossier_code": "000.00.25.H39-251122-0001",
    "procedure_name": "Đăng ký khai sinh",
    "applicant_name": "Nguyễn Văn An",
    "agency_name": "UBND huyện Tân Thạnh",
    "tracking_url": "http://127.0.0.1:8000/tra-cuu/",
    "received_date": "22/11/2025",
    "due_date": "26/11/2025",
    "missing": "- Bản sao giấy chứng sinh\n- Giấy tờ tùy thân của người đi khai",
    "missing_inline": "Bản sao giấy chứng sinh; Giấy tờ tùy thân của người đi khai",
    "reason": "",
    "amount": "50.000 đồng",
    "new_date": "28/11/2025",
    "resolved_date": "25/11/2025",
    "delivery": "Tại bộ phận một cửa",
    "returned_date": "26/11/2025",
    "step_name": "Thẩm định",
    "officer_name": "Trần Thị Bình",
    "level": "at_risk",
    "dossier_url": "http://127.0.0.1:8000/can-bo/ho-so/000.00.25.H39-251122-0001/",
    "submitted_date": "22/11/2025 09:15",
    "answer_by": "24/11/2025 09:15",
    "code": "482913",
    "minutes": "5",
}
"""What the admin's preview fills the templates with."""


def kind_choices():
    return [(key, spec["label"]) for key, spec in KINDS.items()]
