"""The citizen record that e-forms prefill from the population database.

The fields are the ones the national population database (Cơ sở dữ liệu
quốc gia về dân cư) holds for every citizen under Luật Căn cước 2023
(Law 26/2023/QH15) Article 9(1), and earlier Luật Căn cước công dân 2014
Article 9(1): full name, date of birth, sex, place of birth registration,
home town, ethnicity, religion, nationality, marital status, permanent and
current residence, personal identification number, the parents', the
spouse's and the head of household's names and numbers. Provinces that
connect their one-stop systems to it reuse twenty of them to fill
declarations; the selection below is those twenty. [inferred: the
published reuse list itself was not found in the references searched;
the fields follow the law's list, keeping what a declaration asks for.]

Pure Python: no Django.
"""

from dataclasses import dataclass, fields
from datetime import date


class Sex:
    MALE = "male"
    FEMALE = "female"


class MaritalStatus:
    SINGLE = "single"
    MARRIED = "married"
    DIVORCED = "divorced"
    WIDOWED = "widowed"


@dataclass(frozen=True)
class Citizen:
    """One person as the population database returns them (20 fields)."""

    personal_id: str  # số định danh cá nhân
    full_name: str  # họ, chữ đệm và tên khai sinh
    birth_date: date  # ngày, tháng, năm sinh
    sex: str  # giới tính (Sex)
    birth_place: str = ""  # nơi đăng ký khai sinh
    hometown: str = ""  # quê quán
    ethnicity: str = ""  # dân tộc
    religion: str = ""  # tôn giáo
    nationality: str = "Việt Nam"  # quốc tịch
    marital_status: str = ""  # tình trạng hôn nhân (MaritalStatus)
    permanent_address: str = ""  # nơi thường trú
    current_address: str = ""  # nơi ở hiện tại
    household_head_name: str = ""  # họ tên chủ hộ
    relation_to_head: str = ""  # quan hệ với chủ hộ
    father_name: str = ""
    father_id: str = ""
    mother_name: str = ""
    mother_id: str = ""
    spouse_name: str = ""
    spouse_id: str = ""

    def as_dict(self) -> dict[str, str]:
        """Every field as text (dates ISO), keyed by ``FIELD_KEYS``."""
        out = {}
        for key in FIELD_KEYS:
            value = getattr(self, key)
            out[key] = value.isoformat() if isinstance(value, date) else value
        return out

    @classmethod
    def from_dict(cls, data: dict) -> "Citizen":
        """Build a citizen from ``as_dict`` output (unknown keys ignored)."""
        values = {key: data[key] for key in FIELD_KEYS if data.get(key) is not None}
        values["birth_date"] = date.fromisoformat(str(values["birth_date"]))
        return cls(
            **{
                key: value if key == "birth_date" else str(value)
                for key, value in values.items()
            }
        )


FIELD_KEYS: tuple[str, ...] = tuple(field.name for field in fields(Citizen))
