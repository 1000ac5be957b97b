"""The writer's view of a round: per office the blanks assigned and filled, its status
(未打开 / 填写中 / 已提交 / 已逾期), last activity, who submitted; the round's totals; and the
催办 text to copy (per office, and for all late ones)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from speechapp.collection.rounds import LinkState, link_state, link_url, qr_svg, slots_by_office
from speechapp.drafts.models import CollectionRound, OfficeLink

STATUS_LABELS = {
    "unopened": gettext_lazy("未打开"),
    "filling": gettext_lazy("填写中"),
    "submitted": gettext_lazy("已提交"),
    "late": gettext_lazy("已逾期"),
}


def link_status(link: OfficeLink, now: datetime | None = None) -> str:
    """已提交 once submitted; else 已逾期 past the deadline; else 填写中 once opened."""
    now = now or timezone.now()
    if link.submitted_at is not None:
        return "submitted"
    if now > link.round.deadline:
        return "late"
    return "filling" if link.opened_at is not None else "unopened"


def when(moment: datetime) -> str:
    """A deadline as a 催办 text says it: 12月10日17时 (17时30分 when not on the hour)."""
    local = timezone.localtime(moment)
    text = _("%(month)s月%(day)s日%(hour)s时") % {
        "month": local.month,
        "day": local.day,
        "hour": local.hour,
    }
    return text + (_("%(minute)s分") % {"minute": local.minute} if local.minute else "")


def chase_text(link: OfficeLink, *, title: str, open_count: int, url: str) -> str:
    """The 催办 text for one office, to paste into a message or an e-mail."""
    text = _(
        "%(office)s：请于%(deadline)s前填报《%(title)s》所需数据（还有 %(open)s 项未填），"
        "链接：%(url)s"
    ) % {
        "office": link.office,
        "deadline": when(link.round.deadline),
        "title": title,
        "open": open_count,
        "url": url,
    }
    if link.round.message:
        text += " " + link.round.message
    return text


@dataclass(frozen=True)
class OfficeRow:
    link: OfficeLink
    url: str
    qr: str
    state: LinkState
    status: str
    assigned: int
    filled: int
    changed_after_submit: int
    chase: str

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass(frozen=True)
class RoundBoard:
    round: CollectionRound
    rows: tuple[OfficeRow, ...]

    @property
    def totals(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUS_LABELS}
        for row in self.rows:
            counts[row.status] += 1
        return counts

    @property
    def total_rows(self) -> list[tuple[str, str, int]]:
        return [(s, str(STATUS_LABELS[s]), n) for s, n in self.totals.items()]

    @property
    def assigned(self) -> int:
        return sum(r.assigned for r in self.rows)

    @property
    def filled(self) -> int:
        return sum(r.filled for r in self.rows)

    @property
    def late_chase(self) -> str:
        """One text for every office that has not submitted and is late (or, before the
        deadline, every one that has not submitted)."""
        late = [r for r in self.rows if r.status == "late" and r.state is LinkState.OPEN]
        if not late:
            late = [r for r in self.rows if r.status != "submitted" and r.state is LinkState.OPEN]
        return "\n".join(r.chase for r in late)


def office_row(link: OfficeLink, slots_by_office, title: str, request=None) -> OfficeRow:
    ids = slots_by_office.get(link.office, [])
    typed = {v.slot_id: v for v in link.values.all()}
    filled = sum(1 for i in ids if i in typed and typed[i].raw.strip())
    changed = sum(1 for i in ids if i in typed and typed[i].after_submit)
    url = link_url(link, request)
    return OfficeRow(
        link=link,
        url=url,
        qr=qr_svg(url),
        state=link_state(link),
        status=link_status(link),
        assigned=len(ids),
        filled=filled,
        changed_after_submit=changed,
        chase=chase_text(link, title=title, open_count=len(ids) - filled, url=url),
    )


def round_board(round_: CollectionRound, request=None) -> RoundBoard:
    draft = round_.draft
    grouped = slots_by_office(draft)
    links = round_.links.prefetch_related("values").select_related("round")
    rows = tuple(office_row(link, grouped, draft.name, request) for link in links)
    return RoundBoard(round_, rows)
