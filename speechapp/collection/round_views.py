"""The writer's side of an online round: start it, lock it, remind, and per office link:
revoke, re-issue, set its e-mail address, review what it sent. The board itself is on the
数据征集 page (collection.views)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from speechapp.collection import reminders, round_review, rounds, sheet_files
from speechapp.collection.round_forms import LinkEmailForm, RoundForm
from speechapp.collection.views import sheets_page
from speechapp.drafts.http import draft_for
from speechapp.drafts.models import Access, CollectionRound, OfficeLink


def board_url(draft, round_) -> str:
    return reverse("draft_sheets", args=[draft.pk]) + f"#round-{round_.pk}"


@require_POST
def round_create(request, pk: int):
    draft = draft_for(request, pk, Access.EDIT)
    form = RoundForm(rounds.draft_round_offices(draft), request.POST)
    if not form.is_valid():
        return sheets_page(request, draft, round_form=form)
    data = form.cleaned_data
    round_ = rounds.round_start(
        draft=draft,
        user=request.user,
        offices=data["offices"],
        deadline=data["deadline"],
        grace_hours=data["grace_hours"],
        remind_every_hours=data["remind_every_hours"],
        message=data["message"],
    )
    messages.success(request, _("已为 %(n)s 个单位生成填报链接") % {"n": round_.links.count()})
    return redirect(board_url(draft, round_))


def own_round(draft, round_id: int) -> CollectionRound:
    return get_object_or_404(CollectionRound, pk=round_id, draft=draft)


@require_POST
def round_action(request, pk: int, round_id: int, action: str):
    """lock / unlock the round, or remind every office that may be reminded now."""
    draft = draft_for(request, pk, Access.EDIT)
    round_ = own_round(draft, round_id)
    if action in ("lock", "unlock"):
        rounds.round_lock(round_=round_, locked=action == "lock")
        messages.success(
            request, _("已锁定，各单位不能再修改") if action == "lock" else _("已解锁")
        )
    elif action == "remind":
        sent = reminders.send_reminders(round_.links.all(), request=request)
        messages.info(request, _("已发出 %(n)s 封催办邮件") % {"n": len(sent)})
    else:
        raise Http404("no such action")
    return redirect(board_url(draft, round_))


@require_POST
def link_action(request, pk: int, round_id: int, link_id: int, action: str):
    """revoke / reissue / email / remind / review one office's link."""
    draft = draft_for(request, pk, Access.EDIT)
    round_ = own_round(draft, round_id)
    link = get_object_or_404(OfficeLink, pk=link_id, round=round_)
    if action == "revoke":
        rounds.link_revoke(link=link)
        messages.success(request, _("已收回 %(office)s 的链接") % {"office": link.office})
    elif action == "reissue":
        rounds.link_reissue(link=link)
        messages.success(
            request, _("已为 %(office)s 生成新链接，旧链接已失效") % {"office": link.office}
        )
    elif action == "email":
        form = LinkEmailForm(request.POST)
        if not form.is_valid():
            messages.error(request, form.errors["email"][0])
        else:
            rounds.link_set_email(link=link, email=form.cleaned_data["email"])
            messages.success(request, _("已保存邮箱"))
    elif action == "remind":
        sent = reminders.send_reminders([link], request=request)
        if sent:
            messages.success(request, _("已给 %(office)s 发出催办邮件") % {"office": link.office})
        else:
            messages.warning(
                request,
                _("没有发出：%(office)s 没有邮箱、已提交、链接已失效，或刚催办过")
                % {"office": link.office},
            )
    elif action == "review":
        try:
            pending = round_review.round_review_start(link=link, owner=request.user)
        except sheet_files.SheetFileError:
            messages.info(request, _("%(office)s 还没有填写任何值") % {"office": link.office})
        else:
            return redirect("sheet_review", pk=draft.pk, import_id=pending.pk)
    else:
        raise Http404("no such action")
    return redirect(board_url(draft, round_))
