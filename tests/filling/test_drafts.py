"""Managing drafts: details, duplicate, delete; autosave, other tabs, linked values."""

import json
from datetime import date

import pytest
from django.urls import reverse

from speechapp.drafts.models import Draft, SlotValue, Variable
from speechapp.filling.saving import draft_save_values

pytestmark = pytest.mark.django_db


def saved(draft) -> dict[str, tuple[str, str]]:
    return {r.slot_id: (r.raw, r.value) for r in SlotValue.objects.filter(draft=draft)}


def test_the_details_form_renames_and_sets_speaker_and_date(logged_in, draft):
    url = reverse("draft_details", args=[draft.pk])
    response = logged_in.post(
        url,
        {
            "title": "三季度讲话",
            "speaker": "张明",
            "meeting": "全区重点任务部署会",
            "speech_date": "2024-07-15",
            "page_numbers": "center",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.speaker, draft.speech_date) == (
        "三季度讲话",
        "张明",
        date(2024, 7, 15),
    )


def test_an_emptied_title_goes_back_to_the_template_title(logged_in, draft):
    draft.title = "三季度讲话"
    draft.save()
    response = logged_in.post(
        reverse("draft_details", args=[draft.pk]),
        {"title": "", "speaker": "张明", "page_numbers": "center"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "在2024年全区重点任务部署会上的讲话"
    assert draft.speaker == "张明"


def test_duplicating_keeps_or_clears_the_values(logged_in, draft):
    draft_save_values(draft=draft, raw={"s009": "5.2"})
    logged_in.post(reverse("draft_duplicate", args=[draft.pk]), {"keep_values": "1"})
    logged_in.post(reverse("draft_duplicate", args=[draft.pk]), {"keep_values": "0"})
    kept, cleared = Draft.objects.exclude(pk=draft.pk).order_by("pk")
    assert kept.title.endswith("（副本）")
    assert cleared.title.endswith("（下期）")  # next period's draft, this one its 上期
    assert saved(kept) == {"s009": ("5.2", "5.2")}
    assert saved(cleared) == {}
    assert saved(draft) == {"s009": ("5.2", "5.2")}


def test_a_copy_of_a_draft_with_the_longest_title_keeps_within_the_title_limit(logged_in, draft):
    draft.title = "讲" * 200
    draft.save()
    for keep in ("1", "0"):
        response = logged_in.post(
            reverse("draft_duplicate", args=[draft.pk]), {"keep_values": keep}
        )
        assert response.status_code == 302
    titles = sorted(Draft.objects.exclude(pk=draft.pk).values_list("title", flat=True))
    assert titles == ["讲" * 196 + "（下期）", "讲" * 196 + "（副本）"]


def test_deleting_asks_first_then_deletes(logged_in, draft):
    url = reverse("draft_delete", args=[draft.pk])
    assert "确定删除" in logged_in.get(url).content.decode()
    assert Draft.objects.filter(pk=draft.pk).exists()
    assert logged_in.post(url).status_code == 302
    assert not Draft.objects.filter(pk=draft.pk).exists()


def test_autosave_saves_one_field_and_reports_progress(logged_in, draft):
    response = logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "５．２"})
    assert response.status_code == 200
    assert "已保存" in response.content.decode()
    event = json.loads(response["HX-Trigger"])["slotSaved"]
    assert (event["id"], event["ok"], event["filled"], event["total"]) == ("s009", True, 1, 178)
    assert saved(draft)["s009"] == ("５．２", "5.2")


def test_autosave_of_a_bad_value_keeps_it_and_says_why(logged_in, draft):
    response = logged_in.post(reverse("slot_save", args=[draft.pk, "s082"]), {"s082": "13"})
    assert "请输入 1–12 之间的月份" in response.content.decode()
    assert json.loads(response["HX-Trigger"])["slotSaved"]["ok"] is False
    assert saved(draft)["s082"] == ("13", "")


def test_autosave_says_when_a_typed_unit_was_stripped(logged_in, draft):
    response = logged_in.post(reverse("slot_save", args=[draft.pk, "s012"]), {"s012": "12亿元"})
    assert "已去掉多余的单位“亿元”" in response.content.decode()
    assert saved(draft)["s012"] == ("12亿元", "12")


def test_two_tabs_saving_different_fields_keep_both(logged_in, draft):
    logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "5.2"})
    logged_in.post(reverse("slot_save", args=[draft.pk, "s010"]), {"s010": "1.1"})
    assert {k: v[1] for k, v in saved(draft).items()} == {"s009": "5.2", "s010": "1.1"}


def test_changes_since_a_revision_tell_the_other_tab_the_later_value(logged_in, draft):
    seen = logged_in.get(reverse("draft_changes", args=[draft.pk])).json()["revision"]
    logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "5.2"})
    logged_in.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "6.1"})
    data = logged_in.get(reverse("draft_changes", args=[draft.pk]) + f"?since={seen}").json()
    assert [(c["id"], c["raw"]) for c in data["changes"]] == [("s009", "6.1")]
    again = logged_in.get(
        reverse("draft_changes", args=[draft.pk]) + f"?since={data['revision']}"
    ).json()
    assert again["changes"] == []


def test_a_filled_name_offers_its_group_and_fills_the_empty_members(logged_in, draft):
    response = logged_in.post(reverse("slot_save", args=[draft.pk, "s028"]), {"s028": "涧西"})
    assert "也填入其他 1 个“×区”空" in response.content.decode()
    logged_in.post(reverse("group_apply", args=[draft.pk, "s028"]))
    assert saved(draft)["s107"] == ("涧西", "涧西")


def test_a_variable_fills_every_attached_slot_and_unlinking_keeps_values(logged_in, draft):
    logged_in.post(
        reverse("variable_create", args=[draft.pk]),
        {"name": "区名", "slot_ids": "s028,s107", "slot_id": "s028"},
    )
    variable = Variable.objects.get(draft=draft)
    logged_in.post(reverse("variable_set", args=[draft.pk, variable.pk]), {"raw": "涧西"})
    assert saved(draft)["s028"][1] == saved(draft)["s107"][1] == "涧西"
    logged_in.post(reverse("slot_link", args=[draft.pk, "s107"]), {"variable": ""})
    logged_in.post(reverse("variable_set", args=[draft.pk, variable.pk]), {"raw": "西工"})
    assert saved(draft)["s028"][1] == "西工"
    assert saved(draft)["s107"][1] == "涧西"  # unlinked: keeps its value


def test_a_duplicate_variable_name_is_refused(logged_in, draft):
    url = reverse("variable_create", args=[draft.pk])
    logged_in.post(url, {"name": "区名", "slot_ids": "s028"})
    response = logged_in.post(url, {"name": "区名", "slot_ids": "s107"}, follow=True)
    assert "已有名为“区名”的变量" in response.content.decode()
    assert Variable.objects.filter(draft=draft).count() == 1


def test_the_fill_mode_is_remembered(logged_in, draft):
    url = reverse("draft_fill", args=[draft.pk])
    logged_in.get(url + "?section=all")
    assert logged_in.get(url).content.decode().count('class="slot-row') == 178
    logged_in.get(url + "?section=0")
    assert logged_in.get(url).content.decode().count('class="slot-row') < 178


def test_autosave_refuses_unknown_slots_and_other_users(client, draft, other_user):
    client.force_login(draft.owner)
    assert (
        client.post(reverse("slot_save", args=[draft.pk, "s999"]), {"s999": "1"}).status_code == 404
    )
    client.force_login(other_user)
    assert (
        client.post(reverse("slot_save", args=[draft.pk, "s009"]), {"s009": "1"}).status_code == 404
    )


def test_the_speech_details_appear_under_the_title_in_the_word_file(logged_in, draft):
    import io

    from docx import Document

    logged_in.post(
        reverse("draft_details", args=[draft.pk]),
        {
            "title": "在三季度工作会上的讲话",
            "speaker": "张明",
            "meeting": "三季度经济运行分析会",
            "speech_date": "2024-07-15",
            "page_numbers": "center",
        },
    )
    response = logged_in.get(reverse("draft_export", args=[draft.pk, "docx"]) + "?copy=1")
    lines = [p.text for p in Document(io.BytesIO(response.content)).paragraphs if p.text.strip()]
    assert "".join(lines[:2]).startswith("在三季度工作会上的讲话")
    assert "张明\u3000（2024年7月15日，三季度经济运行分析会）" in lines


def test_a_company_name_offers_no_unrelated_blanks(logged_in, draft):
    # "帮助×生物等×家企业" and "加快×生态湿地建设" share one character, not a place
    html = logged_in.post(reverse("slot_save", args=[draft.pk, "s050"]), {"s050": "华康"})
    assert "也填入其他" not in html.content.decode()
    html = logged_in.post(reverse("slot_save", args=[draft.pk, "s041"]), {"s041": "中信重工"})
    assert "也填入其他" not in html.content.decode()
    assert logged_in.post(reverse("group_apply", args=[draft.pk, "s041"])).status_code == 302
    assert set(saved(draft)) == {"s050", "s041"}  # nothing else written
