"""Workflow test helpers: a round with an assigned assessor, and small files of every kind."""
from __future__ import annotations

import io
import zipfile
from functools import cached_property

import pytest
import sqlalchemy as sa

from quality_assess.assessments.models import Result
from quality_assess.assessments.operations import Answer, save_result
from quality_assess.catalog.models import Criterion
from quality_assess.database import db
from tests.conftest import attach, fresh, step
from quality_assess.workflow.operations import assign, criteria_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 24
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32


def ooxml(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@step
def result_for(round_, code: str) -> Result:
    return db.session.scalar(sa.select(Result).join(Criterion).where(Result.round_id == round_.id, Criterion.code == code))


@step
def answer(result: Result, user=None) -> Result:
    result = save_result(result, Answer(finding=False, met={2: True, 3: True, 4: False, 5: False}), user=user)
    db.session.commit()  # operations flush; the helper commits, as a request would
    return result


class Team:
    """A hospital round where `assessor` is assigned A1.1 and `other` (an assessor too) nothing."""

    def __init__(self, make) -> None:
        self.make = make
        self.quality = make.user("quality")
        self.assessor = make.user("assessor", full_name="Nguyễn Thị Lan")
        self.round = make.round()
        self.department = make.department("Khoa Khám bệnh")
        with fresh(make.app):
            assign(attach(self.round), criteria_of("A1.1"), lead=attach(self.department), assessors=[attach(self.assessor)], user=attach(self.quality))
            db.session.commit()

    @cached_property
    def other(self):
        return self.make.user("assessor", full_name="Trần Văn Bình")

    @cached_property
    def reviewer(self):
        """A second member of the quality office: under four eyes, the one who approves what `quality` saved."""
        return self.make.user("quality", full_name="Phạm Thu Hà")

    @cached_property
    def director(self):
        return self.make.user("director")

    def result(self, code: str = "A1.1") -> Result:
        """The result of `code` (a step: in the current `with fresh(app):` block, or read on its own)."""
        return result_for(self.round, code)


@pytest.fixture
def team(make) -> Team:
    return Team(make)


class Api:
    """JSON calls with a bearer token."""

    def __init__(self, client, token: str) -> None:
        self.client, self.headers = client, {"Authorization": f"Bearer {token}"}

    def _call(self, method: str, url: str, **kwargs):
        return getattr(self.client, method)(url, headers=self.headers, **kwargs)

    def get(self, url: str, **kwargs):
        return self._call("get", url, **kwargs)

    def post(self, url: str, **kwargs):
        return self._call("post", url, **kwargs)

    def put(self, url: str, **kwargs):
        return self._call("put", url, **kwargs)


@pytest.fixture
def api(client, make):
    return lambda user: Api(client, make.token(user))
