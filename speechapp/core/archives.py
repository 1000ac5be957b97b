"""Zip containers from outside (.docx, .xlsx): checked before anything in them is inflated.

A small upload can inflate to gigabytes. The zip's central directory, read without inflating
anything, says how many members it has and how big each becomes; those figures are checked
here, for the members a reader will inflate, before any reader opens the zip. They bound what
can be inflated afterwards, whoever reads the zip: ``zipfile`` never inflates a member past
the size the directory declares (it stops there, and the CRC check then fails), and only
stored and deflated members are let through (a bzip2 or LZMA chunk may inflate a million
times before that stop is reached; Office writes neither).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

MAX_MEMBERS = 1000
# Office XML compresses about 5–20 times; a part inflating 100 times or more is a bomb.
MAX_RATIO = 100
RATIO_CHECKED_FROM = 1024 * 1024
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)


class ArchiveError(ValueError):
    """A zip refused before it is inflated; ``code`` names why.

    ``not_zip``: unreadable as a zip; ``too_many_members``; ``too_big`` (``member``, ``size``,
    ``limit``): a member inflating past its limit, or past ``MAX_RATIO`` times its compressed
    size; ``total_too_big`` (``size``, ``limit``); ``encrypted``; ``compression``: a member
    compressed by a method other than deflate.
    """

    def __init__(self, code: str, **params: object):
        self.code = code
        self.params = params
        super().__init__(code)


def checked_zip(
    data: bytes,
    *,
    part_limit: Callable[[str], int | None],
    total_limit: int | None = None,
    max_members: int = MAX_MEMBERS,
) -> zipfile.ZipFile:
    """The zip in ``data``, once its directory shows nothing a reader inflates is a bomb.

    ``part_limit(name)`` is the most a member may inflate to, or ``None`` for a member that
    is never inflated (a .docx's pictures); ``total_limit`` bounds the sum over the others.
    Raises :class:`ArchiveError`.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ArchiveError("not_zip") from None
    if len(members) > max_members:
        raise ArchiveError("too_many_members", count=len(members), limit=max_members)
    total = 0
    for info in members:
        limit = part_limit(info.filename)
        if limit is None:
            continue
        if info.flag_bits & 0x1:
            raise ArchiveError("encrypted")
        if info.compress_type not in _READABLE:
            raise ArchiveError("compression", member=info.filename)
        over_ratio = info.file_size > RATIO_CHECKED_FROM and (
            info.file_size > MAX_RATIO * max(info.compress_size, 1)
        )
        if info.file_size > limit or over_ratio:
            raise ArchiveError("too_big", member=info.filename, size=info.file_size, limit=limit)
        total += info.file_size
    if total_limit is not None and total > total_limit:
        raise ArchiveError("total_too_big", size=total, limit=total_limit)
    return archive
