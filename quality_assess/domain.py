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
