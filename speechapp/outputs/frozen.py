"""The files of a 定稿 draft: rendered once when it is frozen, kept in the database with their
SHA-256, and served as they are ever since (outputs.files.draft_render)."""

from __future__ import annotations

import hashlib

from speechapp.drafts.models import Draft, DraftState, FrozenFile

FROZEN_FORMATS = ("docx", "pdf")


def version_label(draft: Draft) -> str:
    """The version as the files print it: part of the speech, Chinese whatever the UI."""
    return f"第{draft.version}版"


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def frozen_file(draft: Draft, fmt: str) -> FrozenFile | None:
    """The kept file of a 定稿 draft in ``fmt``; None for a draft not frozen."""
    if draft.state != DraftState.FINAL:
        return None
    return FrozenFile.objects.filter(draft=draft, fmt=fmt).first()


def frozen_files(draft: Draft) -> list[FrozenFile]:
    """The kept files (DOCX, PDF) of a 定稿 draft, without their bytes, for its pages."""
    if draft.state != DraftState.FINAL:
        return []
    return list(FrozenFile.objects.filter(draft=draft).defer("content").order_by("fmt"))


def review_note(draft: Draft) -> str:
    """The line on every page of a 定稿 draft's review copy: its version and the SHA-256 of
    the kept files; "" for a draft not frozen."""
    kept = {f.fmt: f.sha256 for f in frozen_files(draft)}
    if not kept:
        return ""
    hashes = [f"{fmt.upper()} SHA-256 {kept[fmt]}" for fmt in FROZEN_FORMATS if fmt in kept]
    return "\n".join([f"{version_label(draft)}（定稿）", *hashes])
