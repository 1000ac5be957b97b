"""parse_speech on templates in every dialect: --json, --tokens, --rejoin, .txt and .docx."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from tests.samples import SEED_PATH

DIALECT = "关于经济工作的讲话\n同志们：\n一、上半年回顾\n全区实现GDPXX 亿元，比增X.X%，*市排名第XX位。\n某某同志通报了情况，做好X光检查。\n"


def run(*args) -> str:
    out = io.StringIO()
    call_command("parse_speech", *args, stdout=out)
    return out.getvalue()


def gbk_file(tmp_path, text=DIALECT):
    path = tmp_path / "模板.txt"
    path.write_bytes(text.encode("gbk"))
    return path


def docx_file(tmp_path, text=DIALECT):
    document = Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    path = tmp_path / "模板.docx"
    document.save(path)
    return path


def test_a_gbk_text_in_another_dialect_prints_its_blanks_and_token_counts(tmp_path):
    data = json.loads(run(str(gbk_file(tmp_path)), "--json"))
    assert [(s["token"], s["kind"], s["unit"]) for s in data["slots"]] == [
        ("XX", "amount", "亿元"),
        ("X.X", "percent", "%"),
        ("*", "name", None),
        ("XX", "rank", "位"),
        ("某某", "name", None),
    ]
    assert data["tokens"]["found"] == {"x": 2, "decimal": 1, "star": 1, "moumou": 1}
    assert [(m["text"], m["reason"]) for m in data["near_misses"]] == [("X", "term")]
    assert data["rejoined"] is False


def test_a_docx_prints_the_same_json_as_the_text(tmp_path):
    from_docx = json.loads(run(str(docx_file(tmp_path)), "--json"))
    from_txt = json.loads(run(str(gbk_file(tmp_path)), "--json"))
    assert from_docx == from_txt


def test_tokens_narrow_the_blanks(tmp_path):
    data = json.loads(run(str(docx_file(tmp_path)), "--json", "--tokens", "X,X.X"))
    assert [s["token"] for s in data["slots"]] == ["XX", "X.X", "XX"]
    assert data["tokens"]["set"] == "x,decimal"
    assert ("*", "not_in_set") in [(m["text"], m["reason"]) for m in data["near_misses"]]


def test_tokens_extend_with_a_template_own_mark(tmp_path):
    path = gbk_file(tmp_path, "讲话\n完成◇◇亿元，增长×%。\n")
    data = json.loads(run(str(path), "--json", "--tokens", "default,◇"))
    assert [(s["token"], s["kind"]) for s in data["slots"]] == [("◇◇", "amount"), ("×", "percent")]


@pytest.mark.parametrize("tokens", ["crosses", "X,A", "。"])
def test_a_bad_tokens_value_is_a_clear_error(tmp_path, tokens):
    with pytest.raises(CommandError, match="--tokens: cannot use"):
        run(str(gbk_file(tmp_path)), "--tokens", tokens)


def test_rejoin_joins_lines_cut_mid_sentence(tmp_path):
    text = "讲话\n同志们：\n全区生产总值同比增长X%，固定资产投资完成XX亿\n元，同比增长×%。\n"
    plain = json.loads(run(str(gbk_file(tmp_path, text)), "--json"))
    assert [s["kind"] for s in plain["slots"]] == ["percent", "name", "percent"]
    joined = json.loads(run(str(gbk_file(tmp_path, text)), "--json", "--rejoin"))
    assert joined["rejoined"] is True
    assert (
        joined["blocks"][2]["text"]
        == "全区生产总值同比增长X%，固定资产投资完成XX亿元，同比增长×%。"
    )
    assert [s["kind"] for s in joined["slots"]] == ["percent", "amount", "percent"]


def test_the_seed_json_keeps_its_shape_and_counts():
    data = json.loads(run(str(SEED_PATH), "--json"))
    assert len(data["slots"]) == 178
    assert data["tokens"]["found"] == {"cross": 178}
    assert data["rejoined"] is False


def test_the_plain_output_names_the_token_counts(tmp_path):
    out = run(str(gbk_file(tmp_path)))
    assert "5 slots (x 2, decimal 1, star 1, moumou 1)" in out
    assert "not a blank (term): X" in out
