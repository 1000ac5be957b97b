"""Every model of the app, by domain; import them from here (``speechapp.drafts.models``)."""

from speechapp.drafts.models.accounts import ApiToken, WriterSettings
from speechapp.drafts.models.changes import DraftSeen
from speechapp.drafts.models.collection import (
    CollectionRound,
    OfficeAssignment,
    OfficeLink,
    OfficeValue,
    SheetImport,
    SheetImportStatus,
)
from speechapp.drafts.models.drafts import SHARE_ROLES, Access, Draft, DraftShare, PageNumberChoice
from speechapp.drafts.models.review import (
    MESSAGE_MAX_CHARS,
    Comment,
    DraftState,
    FrozenFile,
    ReviewEvent,
)
from speechapp.drafts.models.templates import SpeechTemplate, default_tokens
from speechapp.drafts.models.values import ChangeHow, SlotValue, Variable

__all__ = [
    "MESSAGE_MAX_CHARS",
    "SHARE_ROLES",
    "Access",
    "ApiToken",
    "ChangeHow",
    "CollectionRound",
    "Comment",
    "Draft",
    "DraftSeen",
    "DraftShare",
    "DraftState",
    "FrozenFile",
    "OfficeAssignment",
    "OfficeLink",
    "OfficeValue",
    "PageNumberChoice",
    "ReviewEvent",
    "SheetImport",
    "SheetImportStatus",
    "SlotValue",
    "SpeechTemplate",
    "Variable",
    "WriterSettings",
    "default_tokens",
]
