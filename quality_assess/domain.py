"""Errors raised by write operations; routes turn them into messages, the API into status codes."""
from __future__ import annotations

from pathlib import Path
from typing import Any


class DomainError(Exception):
    """An operation refused; `message` is Vietnamese text for the user (translated by the caller)."""

    status = 400

    def __init__(self, message: str, field: str | None = None, **params: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.params = params

    def text(self) -> str:
        from flask_babel import gettext

        # Labels passed as parameters (a status, an action) are translated too; other values
        # (codes, names) have no catalogue entry and come back unchanged.
        params = {k: gettext(v) if isinstance(v, str) and v else v for k, v in self.params.items()}
        return gettext(self.message, **params)

    def details(self) -> dict[str, Any]:
        """What a JSON refusal carries beside "error" and "field" (a batch names each row)."""
        return {}


class ValidationError(DomainError):
    status = 400


class Locked(DomainError):
    """The round (or audit, or plan) is locked and cannot change."""

    status = 409


class StaleEdit(DomainError):
    """Someone saved a newer version since this page was loaded."""

    status = 409

    def __init__(self, message: str, current: Any = None, **params: Any) -> None:
        super().__init__(message, **params)
        self.current = current


class Forbidden(DomainError):
    status = 403


class CatalogError(Exception):
    """A problem in a data file, naming the file and the code at fault."""

    def __init__(self, file: Path | str, code: str | None, message: str) -> None:
        self.file, self.code, self.message = str(file), code, message
        where = f"{Path(self.file).name}: {code}: " if code else f"{Path(self.file).name}: "
        super().__init__(where + message)


class BatchRefused(DomainError):
    """An all-or-nothing batch where some rows were refused: nothing of it is written.

    `outcomes` names every row of the batch in order: (key, the row's refusal or None when the row
    alone would have passed). The status is the refusals' own when they all share one, else 400."""

    def __init__(self, message: str, outcomes: list[tuple[str, DomainError | None]], key: str = "item",
                 field: str | None = None, **params: Any) -> None:
        super().__init__(message, field=field, **params)
        self.outcomes, self.key = outcomes, key
        statuses = {e.status for _k, e in outcomes if e is not None}
        self.status = statuses.pop() if len(statuses) == 1 else 400

    @property
    def refused(self) -> list[tuple[str, DomainError]]:
        return [(k, e) for k, e in self.outcomes if e is not None]

    def details(self) -> dict[str, Any]:
        return {
            "refused": [k for k, _e in self.refused],
            "results": [
                {self.key: k, "outcome": "refused", "error": e.text(), "status": e.status} if e is not None
                else {self.key: k, "outcome": "not_written"}
                for k, e in self.outcomes
            ],
        }
