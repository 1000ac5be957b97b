"""The values file (render_speech's --values): read for the API and the upload, written for
the download."""

import json

import pytest

from speechapp.core.limits import MAX_CELL_CHARS, MAX_ROWS
from speechapp.core.values_json import ValuesJsonError, read_values, write_values


def test_numbers_are_kept_as_written_and_null_means_no_value():
    data = b'{"s001": "\xe4\xb8\x9c\xe5\x9f\x8e", "s009": 5.20, "s010": 8, "s011": null}'
    assert read_values(data) == {"s001": "东城", "s009": "5.20", "s010": "8", "s011": None}


def test_a_byte_order_mark_is_allowed():
    assert read_values('\ufeff{"s009": "5.2"}'.encode()) == {"s009": "5.2"}


def test_the_written_file_reads_back_and_keeps_chinese_readable():
    values = {"s001": "东城", "s009": "5.2"}
    data = write_values(values)
    assert "东城" in data.decode("utf-8")
    assert read_values(data) == values


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        (b'{\n"s009": 5.2,\n}', "not_json", {"line": 3}),
        (b"\xff\xfe{}", "not_json", {"line": 1}),
        (b'["s009", "5.2"]', "not_object", {}),
        (b'"5.2"', "not_object", {}),
        (b'{"s009": true}', "bad_value", {"key": "s009"}),
        (b'{"s009": NaN}', "bad_value", {"key": "s009"}),
        (b'{"s009": {"v": 1}}', "bad_value", {"key": "s009"}),
        (b"[" * 100_000, "not_object", {}),
    ],
)
def test_what_is_not_a_values_object_says_why(data, code, params):
    with pytest.raises(ValuesJsonError) as excinfo:
        read_values(data)
    assert (excinfo.value.code, excinfo.value.params) == (code, params)


def test_a_file_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(ValuesJsonError) as excinfo:
        read_values(b'{"s009": "5.2"}', max_bytes=5)
    assert excinfo.value.code == "too_big"


def test_a_file_with_more_values_than_a_template_has_blanks_is_refused():
    data = json.dumps({f"s{n:04}": "5" for n in range(MAX_ROWS + 1)}).encode()
    with pytest.raises(ValuesJsonError) as excinfo:
        read_values(data)
    assert (excinfo.value.code, excinfo.value.params) == (
        "too_many_values",
        {"count": MAX_ROWS + 1, "limit": MAX_ROWS},
    )


def test_the_limit_on_values_follows_the_blank_limit_given():
    data = json.dumps({f"s{n:03}": None for n in range(11)}).encode()
    with pytest.raises(ValuesJsonError) as excinfo:
        read_values(data, max_values=10)
    assert excinfo.value.params == {"count": 11, "limit": 10}


def test_a_value_longer_than_any_blank_takes_is_refused_with_its_key():
    data = json.dumps({"s001": "5", "s002": "9" * (MAX_CELL_CHARS + 1)}).encode()
    with pytest.raises(ValuesJsonError) as excinfo:
        read_values(data)
    assert (excinfo.value.code, excinfo.value.params) == (
        "value_too_long",
        {"key": "s002", "limit": MAX_CELL_CHARS},
    )
