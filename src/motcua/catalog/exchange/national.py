"""The national database's procedure shape (``LayThuTuc``), both ways.

Keys of the national database (CSDL quốc gia về TTHC, domain.md §5.4) and
where they go in a record:

================================  =========================================
MATTHC                            code
TENTTHC                           name
CAPTHUCHIEN or CAPDONVI           level: "Cấp Tỉnh"/"Cấp Huyện"/"Cấp Xã", the
                                  installation's level names or codes; of a
                                  list or "A, B" the first level is taken
LINHVUCTHUCHIEN[{MALINHVUC,       field (created from TENLINHVUC if new)
TENLINHVUC}]
TRINHTUTHUCHIEN[{TRUONGHOP,       steps, one line per step; a named case
TRINHTU[{TENTRINHTU}]}]           becomes a heading line
CACHTHUCTHUCHIEN[{KENH,           channels: KENH 1 desk, 2 online, 3 postal;
THOIGIAN[{THOIGIANGIAIQUYET,      the first THOIGIAN gives the time, every
DONVITINH, MOTA, PHILEPHI[]}]}]   PHILEPHI a fee (SOTIEN in đồng, MOTA its
                                  description). DONVITINH: "Ngày làm việc"
                                  working days, "Giờ làm việc"/"Giờ" working
                                  hours, "Ngày"/"Ngày (theo ngày dương lịch)"
                                  calendar days, "Trong ngày" same day
THANHPHANHOSO[{TRUONGHOP,         documents; TRUONGHOP is the condition, and
GIAYTO[{TENGIAYTO, SOBANCHINH,    a document under a named case is not
SOBANSAO, TENMAUDON, URL}]}]      required unless BATBUOC says so
DOITUONGTHUCHIEN                  subjects (text, or a list; else
                                  MOTADOITUONGTHUCHIEN)
YEUCAU                            conditions
KETQUATHUCHIEN[{TENKETQUA}]       results
CANCUPHAPLY[{SOVANBAN,            legal_basis (dates DD/MM/YYYY)
TENVANBAN, NGAYBANHANH}]
COQUANTHUCHIEN[{MADONVI,          implementing_agency ("; " between names);
TENDONVI}]                        MADONVI links this installation's agency
                                  of that identifier, when there is one
COQUANCOTHAMQUYEN                 deciding_authority
TRANGTHAI                         1 = published; other records are skipped
================================  =========================================

Keys the national feed lacks but the catalog keeps, written on export and
read when present: MUCDO (online level: "Toàn trình", "Một phần", or 4/3/2),
BUUCHINHCONGICH (postal; else true when there is a KENH 3 row), PHIDIAGIOI
(boundary-free), BONTAICHO ("4 on the spot"), LOAICOQUAN (agency functions),
NGUON (source), GIOKETTHUCNHAN in THOIGIAN (cut-off hour; else read from
"sau 15 giờ" in MOTA), TENPHILEPHI and MIENGIAM in PHILEPHI (fee name and
exemptions), BATBUOC in GIAYTO (required).
"""

from django.utils.translation import gettext as _

from . import values
from .records import ParsedCatalog, normalize_record
from .validation import ErrorCollector, Location

LABELS = {
    "code": "MATTHC",
    "name": "TENTTHC",
    "level": "CAPTHUCHIEN",
    "field": "LINHVUCTHUCHIEN",
    "field.code": "LINHVUCTHUCHIEN.MALINHVUC",
    "field.name": "LINHVUCTHUCHIEN.TENLINHVUC",
    "implementing_agency": "COQUANTHUCHIEN",
    "deciding_authority": "COQUANCOTHAMQUYEN",
    "legal_basis": "CANCUPHAPLY.NGAYBANHANH",
    "online_level": "MUCDO",
    "postal": "BUUCHINHCONGICH",
    "boundary_free": "PHIDIAGIOI",
    "on_the_spot": "BONTAICHO",
    "agency_kinds": "LOAICOQUAN",
    "documents.name": "THANHPHANHOSO.GIAYTO.TENGIAYTO",
    "documents.originals": "THANHPHANHOSO.GIAYTO.SOBANCHINH",
    "documents.copies": "THANHPHANHOSO.GIAYTO.SOBANSAO",
    "documents.required": "THANHPHANHOSO.GIAYTO.BATBUOC",
    "documents.form": "THANHPHANHOSO.GIAYTO.TENMAUDON",
    "channels.channel": "CACHTHUCTHUCHIEN.KENH",
    "channels.time_amount": "CACHTHUCTHUCHIEN.THOIGIAN.THOIGIANGIAIQUYET",
    "channels.time_unit": "CACHTHUCTHUCHIEN.THOIGIAN.DONVITINH",
    "channels.cutoff_hour": "CACHTHUCTHUCHIEN.THOIGIAN.GIOKETTHUCNHAN",
    "fees.name": "PHILEPHI.TENPHILEPHI",
    "fees.amount": "PHILEPHI.SOTIEN",
    "fees.currency": "PHILEPHI.DONVI",
    "effective_from": "MATTHC",
}


def _list(value) -> list:
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _dicts(value) -> list[dict]:
    return [item for item in _list(value) if isinstance(item, dict)]


def _names(value, *keys: str) -> list[str]:
    """Return the text of ``value``: a string, or a list of strings or dicts."""
    result = []
    for item in _list(value):
        if isinstance(item, dict):
            item = next((item[k] for k in keys if values.text(item.get(k))), "")
        if values.text(item):
            result.append(values.text(item))
    return result


def read_national(data) -> ParsedCatalog:
    """Read a ``LayThuTuc`` answer: a list of procedures or ``{"result": [...]}``."""
    parsed = ParsedCatalog(kind="national", labels=LABELS)
    errors = ErrorCollector(LABELS)
    if isinstance(data, dict) and isinstance(data.get("result"), list):
        data = data["result"]
    if not isinstance(data, list):
        errors.add(
            Location(),
            "",
            _(
                "The JSON file holds neither a list of procedures, nor "
                '{"result": [...]}, nor {"procedures": [...]}.'
            ),
        )
        parsed.errors = errors.errors
        return parsed
    for index, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            errors.add(Location(row=index), "", _("The record is not a JSON object."))
            continue
        status = values.text(item.get("TRANGTHAI"))
        if status not in ("", "1"):
            parsed.skipped += 1
            continue
        where = Location(row=index, code=values.text(item.get("MATTHC")))
        raw = _raw_record(item, where, errors, parsed.fields)
        parsed.records.append(normalize_record(raw, errors))
    parsed.errors = errors.errors
    return parsed


def _raw_record(item: dict, where: Location, errors, fields: list[dict]) -> dict:
    field_code = ""
    for field in _dicts(item.get("LINHVUCTHUCHIEN")):
        code = values.text(field.get("MALINHVUC"))
        if code:
            field_code = field_code or code
            fields.append(
                {
                    "_loc": where,
                    "code": code,
                    "name": values.text(field.get("TENLINHVUC")),
                }
            )
    level = _names(
        item.get("CAPTHUCHIEN") or item.get("CAPDONVI"),
        "TENCAPTHUCHIEN",
        "TENCAP",
        "MACAP",
    )
    channels = [
        _channel(c, where, errors) for c in _dicts(item.get("CACHTHUCTHUCHIEN"))
    ]
    postal = item.get("BUUCHINHCONGICH")
    if postal is None:
        postal = any(
            values.text(c.get("KENH")) == "3"
            for c in _dicts(item.get("CACHTHUCTHUCHIEN"))
        )
    agencies = _dicts(item.get("COQUANTHUCHIEN"))
    return {
        "_loc": where,
        "code": item.get("MATTHC"),
        "name": item.get("TENTTHC"),
        "level": level[0].replace(";", ",").split(",")[0].strip() if level else "",
        "field": field_code,
        "steps": _steps(item.get("TRINHTUTHUCHIEN")),
        "channels": channels,
        "documents": _documents(item.get("THANHPHANHOSO"), where),
        "subjects": "\n".join(_names(item.get("DOITUONGTHUCHIEN"), "TENDOITUONG"))
        or values.text(item.get("MOTADOITUONGTHUCHIEN")),
        "conditions": "\n".join(_names(item.get("YEUCAU"), "NOIDUNG", "MOTA")),
        "results": _names(item.get("KETQUATHUCHIEN"), "TENKETQUA"),
        "legal_basis": [
            {
                "number": law.get("SOVANBAN"),
                "title": law.get("TENVANBAN"),
                "date": law.get("NGAYBANHANH"),
            }
            for law in _dicts(item.get("CANCUPHAPLY"))
        ],
        "implementing_agency": "; ".join(_names(agencies, "TENDONVI")),
        "agency_codes": _names(agencies, "MADONVI"),
        "deciding_authority": "; ".join(
            _names(item.get("COQUANCOTHAMQUYEN"), "TENDONVI", "TENCOQUAN")
        ),
        "online_level": item.get("MUCDO"),
        "postal": postal,
        "boundary_free": item.get("PHIDIAGIOI"),
        "on_the_spot": item.get("BONTAICHO"),
        "agency_kinds": item.get("LOAICOQUAN") or [],
        "source": item.get("NGUON"),
    }


def _steps(value) -> str:
    lines: list[str] = []
    for case in _dicts(value):
        heading = values.text(case.get("TRUONGHOP"))
        if heading:
            lines.append(heading)
        lines.extend(
            values.text(step.get("TENTRINHTU")) for step in _dicts(case.get("TRINHTU"))
        )
    return "\n".join(lines)


def _channel(raw: dict, where: Location, errors: ErrorCollector) -> dict:
    times = _dicts(raw.get("THOIGIAN"))
    first = times[0] if times else {}
    descriptions = list(
        dict.fromkeys(
            values.text(t.get("MOTA")) for t in times if values.text(t.get("MOTA"))
        )
    )
    time_text = "\n".join(descriptions)
    if "GIOKETTHUCNHAN" in first:
        cutoff = first["GIOKETTHUCNHAN"]
    else:
        cutoff = values.cutoff_from_text(time_text)
    fees = []
    for time in times:
        for fee in _dicts(time.get("PHILEPHI")):
            errors.read(where, "fees.currency", fee.get("DONVI"), values.parse_currency)
            name = values.text(fee.get("TENPHILEPHI"))
            description = values.text(fee.get("MOTA"))
            fees.append(
                {
                    "name": name or description[:300] or "Phí, lệ phí",
                    "amount": fee.get("SOTIEN"),
                    "description": description if name else "",
                    "exemptions": fee.get("MIENGIAM"),
                }
            )
    return {
        "channel": raw.get("KENH"),
        "time_amount": first.get("THOIGIANGIAIQUYET"),
        "time_unit": first.get("DONVITINH"),
        "cutoff_hour": cutoff,
        "time_text": time_text,
        "fees": fees,
    }


def _documents(value, where: Location) -> list[dict]:
    documents = []
    for case in _dicts(value):
        condition = values.text(case.get("TRUONGHOP"))
        for paper in _dicts(case.get("GIAYTO")):
            required = paper.get("BATBUOC")
            documents.append(
                {
                    "name": paper.get("TENGIAYTO"),
                    "originals": paper.get("SOBANCHINH"),
                    "copies": paper.get("SOBANSAO"),
                    "required": not condition if required is None else required,
                    "condition": condition,
                    "form": paper.get("TENMAUDON"),
                }
            )
    return documents


def national_from_record(
    record: dict, *, level_names: dict[str, str], field_names: dict[str, str]
) -> dict:
    """Return the ``LayThuTuc`` object of a clean record."""
    steps = record["steps"]
    return {
        "MATTHC": record["code"],
        "TENTTHC": record["name"],
        "CAPTHUCHIEN": level_names.get(record["level"], record["level"]),
        "LINHVUCTHUCHIEN": [
            {
                "MALINHVUC": record["field"],
                "TENLINHVUC": field_names.get(record["field"], ""),
            }
        ],
        "TRINHTUTHUCHIEN": (
            [
                {
                    "TRUONGHOP": "",
                    "TRINHTU": [{"TENTRINHTU": line} for line in steps.split("\n")],
                }
            ]
            if steps
            else []
        ),
        "CACHTHUCTHUCHIEN": [_national_channel(c) for c in record["channels"]],
        "THANHPHANHOSO": _national_documents(record["documents"]),
        "DOITUONGTHUCHIEN": record["subjects"],
        "YEUCAU": record["conditions"],
        "KETQUATHUCHIEN": [
            {"MAKETQUA": "", "TENKETQUA": result} for result in record["results"]
        ],
        "CANCUPHAPLY": [
            {
                "SOVANBAN": law["number"],
                "TENVANBAN": law["title"],
                "NGAYBANHANH": values.display_date(law["date"]),
            }
            for law in record["legal_basis"]
        ],
        "COQUANTHUCHIEN": (
            [{"MADONVI": "", "TENDONVI": record["implementing_agency"]}]
            if record["implementing_agency"]
            else []
        ),
        "COQUANCOTHAMQUYEN": record["deciding_authority"],
        "MUCDO": values.ONLINE_LEVEL_LABELS_VI[record["online_level"]],
        "BUUCHINHCONGICH": record["postal"],
        "PHIDIAGIOI": record["boundary_free"],
        "BONTAICHO": record["on_the_spot"],
        "LOAICOQUAN": record["agency_kinds"],
        "NGUON": record["source"],
        "TRANGTHAI": 1,
    }


def _national_channel(channel: dict) -> dict:
    number = {v: k for k, v in values.CHANNEL_BY_NUMBER.items()}[channel["channel"]]
    return {
        "KENH": number,
        "THOIGIAN": [
            {
                "THOIGIANGIAIQUYET": channel["time_amount"],
                "DONVITINH": values.TIME_UNIT_LABELS_VI[channel["time_unit"]],
                "MOTA": channel["time_text"],
                "GIOKETTHUCNHAN": channel["cutoff_hour"],
                "PHILEPHI": [
                    {
                        "MAPHILEPHI": "",
                        "TENPHILEPHI": fee["name"],
                        "SOTIEN": fee["amount"],
                        "DONVI": "Đồng",
                        "MOTA": fee["description"],
                        "MIENGIAM": fee["exemptions"],
                    }
                    for fee in channel["fees"]
                ],
            }
        ],
    }


def _national_documents(documents: list[dict]) -> list[dict]:
    """Group consecutive documents of one condition, as the national cases do."""
    cases: list[dict] = []
    for document in documents:
        if not cases or cases[-1]["TRUONGHOP"] != document["condition"]:
            cases.append({"TRUONGHOP": document["condition"], "GIAYTO": []})
        cases[-1]["GIAYTO"].append(
            {
                "MAGIAYTO": "",
                "TENGIAYTO": document["name"],
                "SOBANCHINH": document["originals"],
                "SOBANSAO": document["copies"],
                "BATBUOC": document["required"],
                "TENMAUDON": document["form"],
                "URL": document.get("form_url", ""),
            }
        )
    return cases
