from datetime import date

from motcua.eforms.domain import (
    FieldError,
    data_errors,
    display_date,
    layout_problems,
    parse_date,
    prefill_values,
    schema_problems,
)

SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 2, "maxLength": 5},
        "born": {"type": "string", "format": "date"},
        "sex": {"type": "string", "enum": ["Nam", "Nữ"]},
        "copies": {"type": "integer", "minimum": 0, "maximum": 3},
        "code": {"type": "string", "pattern": "^[0-9]+$"},
    },
    "required": ["name", "born"],
}


def test_a_good_schema_has_no_problem():
    assert schema_problems(SCHEMA) == []


def test_an_invalid_schema_is_refused_by_the_meta_schema():
    problems = schema_problems({"type": "object", "properties": {"a": {"type": 3}}})
    assert [p.code for p in problems] == ["schema_invalid"]
    assert [p.code for p in schema_problems([])] == ["schema_not_object"]
    assert [p.code for p in schema_problems({"type": "string"})] == [
        "schema_no_properties"
    ]


def test_layout_must_name_every_field_once_with_fitting_widgets():
    layout = {
        "sections": [
            {
                "title": "A",
                "fields": [
                    {"key": "name"},
                    {"key": "born", "widget": "date"},
                    {"key": "sex", "widget": "radio"},
                    {"key": "copies", "widget": "number"},
                    {"key": "code", "widget": "text", "prefill": "personal_id"},
                ],
            }
        ]
    }
    assert layout_problems(SCHEMA, layout) == []
    bad = {
        "sections": [
            {
                "title": "",
                "fields": [
                    {"key": "name", "widget": "checkbox"},
                    {"key": "name"},
                    {"key": "nope"},
                    {"key": "sex", "widget": "slider"},
                ],
            }
        ]
    }
    codes = {p.code for p in layout_problems(SCHEMA, bad)}
    assert codes == {
        "section_title",
        "widget_type",
        "field_twice",
        "unknown_field",
        "unknown_widget",
        "field_not_shown",
    }


def test_dates_are_read_day_first_and_shown_day_first():
    assert parse_date("05/09/2025") == date(2025, 9, 5)
    assert parse_date("2025-09-05") == date(2025, 9, 5)
    assert parse_date("31/02/2025") is None
    assert display_date("2025-09-05") == "05/09/2025"


def test_every_error_kind_names_its_field():
    errors = data_errors(
        SCHEMA,
        {"name": "x", "born": "2025-02-31", "sex": "?", "copies": 9, "code": "a"},
    )
    assert set(errors) == {
        FieldError("name", "minLength", 2),
        FieldError("born", "format", "date"),
        FieldError("sex", "enum"),
        FieldError("copies", "maximum", 3),
        FieldError("code", "pattern"),
    }
    assert set(data_errors(SCHEMA, {"copies": "a"})) == {
        FieldError("name", "required"),
        FieldError("born", "required"),
        FieldError("copies", "type", "integer"),
    }


def test_prefill_keys_must_be_registry_fields_and_map_values():
    layout = {
        "sections": [
            {
                "title": "A",
                "fields": [
                    {"key": "name", "prefill": "full_name"},
                    {"key": "born", "widget": "date", "prefill": "birth_date"},
                    {"key": "sex", "widget": "radio"},
                    {"key": "copies", "widget": "number"},
                    {"key": "code", "prefill": "shoe_size"},
                ],
            }
        ]
    }
    problems = layout_problems(SCHEMA, layout, {"full_name", "birth_date"})
    assert [p.code for p in problems] == ["bad_prefill"]
    record = {"full_name": "Lê Thị Hoa", "birth_date": "1990-01-02", "sex": ""}
    assert prefill_values(layout, record) == {
        "name": "Lê Thị Hoa",
        "born": "1990-01-02",
    }
