"""What the two wrappers of WeasyPrint internals (font_subsets, line_breaks) share: which
WeasyPrint major is installed, a function's parameter names, and installing a wrapper once per
process. Pure module: no Django; WeasyPrint is imported only by the install functions given."""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any


def weasyprint_major(weasyprint: Any) -> int | None:
    """The installed WeasyPrint's major version; None when it cannot be read."""
    try:
        return int(str(weasyprint.__version__).split(".")[0])
    except ValueError:
        return None


def parameter_names(function: Any) -> list[str] | None:
    """The names of ``function``'s parameters; None when it has no readable signature."""
    try:
        return list(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return None


def once(apply: Callable[[], bool]) -> Callable[[], bool]:
    """``apply`` (which installs a wrapper and says whether it did) run once per process,
    whichever thread asks first; later calls return its answer."""
    lock = threading.Lock()
    answer: list[bool] = []

    def install() -> bool:
        if not answer:
            with lock:
                if not answer:
                    answer.append(apply())
        return answer[0]

    install.__doc__ = apply.__doc__
    return install
