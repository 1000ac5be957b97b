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


def test_notes_ride_along_under_their_own_key_and_read_back():
    from speechapp.core.values_json import NOTES_KEY, read_values_file

    values = {"s009": "5.2", "s010": "8"}
    notes = {"s009": ("快报数，待正式公布", "统计局月报"), "s010": ("", ""), "s404": ("x", "")}
    data = write_values(values, notes)
    written = json.loads(data)
    # Only the values that have a note, only the fields given; never a blank without a value.
    assert written[NOTES_KEY] == {"s009": {"note": "快报数，待正式公布", "source": "统计局月报"}}
    read = read_values_file(data)
    assert read.values == values
    assert read.notes == {"s009": ("快报数，待正式公布", "统计局月报")}
    assert read_values(data) == values  # a reader of values alone skips the notes


def test_a_file_without_notes_has_no_notes_key():
    assert "_notes" not in json.loads(write_values({"s009": "5.2"}, {"s009": ("", "")}))


@pytest.mark.parametrize(
    "notes",
    [["not", "an object"], {"s009": "a string"}, {"s009": {"note": True}},
     {"s009": {"remark": "x"}}, {"s009": {"note": "长" * (MAX_CELL_CHARS + 1)}}],
)  # fmt: skip
def test_notes_of_another_shape_are_refused(notes):
    from speechapp.core.values_json import read_values_file

    with pytest.raises(ValuesJsonError) as refused:
        read_values_file(json.dumps({"s009": "5.2", "_notes": notes}))
    assert refused.value.code == "bad_notes"
