"""The values file (render_speech's --values): read for the API and the upload, written for
the download."""

import pytest

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
