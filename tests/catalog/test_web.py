"""The catalogue pages: browse, import with a preview step (admin), template download, title correction."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from quality_assess.catalog.models import SubItem
from quality_assess.history.models import ChangeLog
from tests.builders import synthetic_rows
from tests.catalog.files import csv_bytes
from tests.conftest import count_rows, reload, scalar


def upload(client, data: bytes, name: str = "tieu-muc.csv"):
    return client.post("/catalog/import", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def stored_files(app) -> list[Path]:
    folder = Path(app.config["CATALOG_IMPORT_FOLDER"])
    return list(folder.iterdir()) if folder.exists() else []


def test_admin_uploads_previews_then_confirms(app, client, auth):
    auth.login("admin", installation_role="admin")
    before = stored_files(app)

    preview = upload(client, csv_bytes(synthetic_rows(["A1.1", "C5.1"])))

    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "Xác nhận và ghi" in page and "C5.1" in page
    assert count_rows(app, SubItem) == 0
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
    assert len(stored_files(app)) == len(before) + 1

    done = client.post("/catalog/import/confirm", data={"token": token, "filename": "tieu-muc.csv"})

    assert done.status_code == 302
    assert count_rows(app, SubItem) == 22
    assert stored_files(app) == before
    listing = client.get("/catalog/").get_data(as_text=True)
    assert "22 tiểu mục: 22 mới" in listing
    again = client.post("/catalog/import/confirm", data={"token": token})
    assert again.status_code == 302 and count_rows(app, SubItem) == 22


def test_a_bad_upload_lists_every_error_and_keeps_nothing(app, client, auth):
    auth.login("admin", installation_role="admin")
    rows = synthetic_rows(["A1.1"])
    rows[0]["muc"], rows[2]["ma_tieu_muc"] = 4, "Z1.1-1.3"

    response = upload(client, csv_bytes(rows))

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Tệp có 2 lỗi, chưa ghi gì vào cơ sở dữ liệu" in page
    assert "Dòng 2, cột muc: A1.1-1.1: cột mức là “4” nhưng mã thuộc mức 1" in page
    assert "Dòng 4, cột ma_tieu_muc: mã “Z1.1-1.3” không đúng dạng" in page
    assert "Xác nhận và ghi" not in page
    assert count_rows(app, SubItem) == 0 and stored_files(app) == []


@pytest.mark.parametrize("name", ["tieu-muc.xls", "tieu-muc.pdf", "tieu-muc"])
def test_only_xlsx_and_csv_are_accepted(name, client, auth):
    auth.login("admin", installation_role="admin")

    response = upload(client, csv_bytes(synthetic_rows(["A1.1"])), name=name)

    assert response.status_code == 400
    assert "Chỉ nhận tệp .xlsx hoặc .csv." in response.get_data(as_text=True)


def test_a_file_over_the_size_limit_is_refused(app, client, auth):
    auth.login("admin", installation_role="admin")
    app.config["CATALOG_IMPORT_MAX_BYTES"] = 1024

    response = upload(client, csv_bytes(synthetic_rows(["A1.1", "A1.2", "A1.3"])))

    assert response.status_code == 400
    assert "Tệp lớn quá" in response.get_data(as_text=True)
    assert count_rows(app, SubItem) == 0


def test_an_upload_left_unconfirmed_for_a_day_is_removed(app, client, auth):
    import os
    import time

    auth.login("admin", installation_role="admin")
    folder = Path(app.config["CATALOG_IMPORT_FOLDER"])
    folder.mkdir(parents=True)
    abandoned = folder / "abandoned-upload-token-0001.csv"
    abandoned.write_bytes(b"phan")
    os.utime(abandoned, (time.time() - 2 * 24 * 3600,) * 2)

    upload(client, csv_bytes(synthetic_rows(["A1.1"])))

    assert not abandoned.exists()
    assert len(stored_files(app)) == 1


def test_cancel_deletes_the_uploaded_file(app, client, auth):
    auth.login("admin", installation_role="admin")
    page = upload(client, csv_bytes(synthetic_rows(["A1.1"]))).get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)

    client.post("/catalog/import/cancel", data={"token": token})

    assert stored_files(app) == []
    assert count_rows(app, SubItem) == 0


@pytest.mark.parametrize("role", ["admin", "quality", "assessor", "director", "ksnk"])  # a hospital admin too: the catalogue is shared
@pytest.mark.parametrize("method, url", [
    ("get", "/catalog/import"),
    ("post", "/catalog/import"),
    ("post", "/catalog/import/confirm"),
    ("post", "/catalog/criteria/A1.2/title"),
])
def test_only_the_installation_level_manages_the_catalogue(role, method, url, client, auth, make):
    auth.login(role)
    original = make.criterion("A1.2").title

    response = getattr(client, method)(url, data={"token": "x" * 32, "title": "Tên khác"})

    assert response.status_code == 403
    assert make.criterion("A1.2").title == original


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_template_has_the_columns_and_only_verified_examples(kind, client, auth, runner, tmp_path):
    auth.login("assessor")

    response = client.get(f"/catalog/import/template.{kind}")

    assert response.status_code == 200
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
        rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    else:
        import csv

        rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0] == ["phan", "chuong", "tieu_chi", "muc", "ma_tieu_muc", "tieu_muc", "phuong_phap", "bang_chung"]
    assert [r[4] for r in rows[1:]] == ["A1.1-0.0", "A1.1-1.1", "A1.1-1.2", "A1.1-1.3", "A1.1-2.12", "C2.2-4.10"]
    path = tmp_path / f"mau.{kind}"
    path.write_bytes(response.data)
    outcome = runner.invoke(args=["catalog", "import-items", str(path), "--dry-run"])
    assert outcome.exit_code == 0, outcome.output
    assert "5 tiểu mục: 5 mới" in outcome.output


def test_admin_corrects_a_title_and_load_keeps_it(app, client, auth, make, runner):
    admin = auth.login("admin", installation_role="admin")
    criterion = make.criterion("B3.1")
    old = criterion.title

    response = client.post("/catalog/criteria/B3.1/title", data={"title": "  Tên đúng theo văn bản gốc (thử nghiệm) "})

    assert response.status_code == 302
    criterion = reload(app, criterion)
    assert (criterion.title, criterion.title_confidence, criterion.title_corrected_by_id) == (
        "Tên đúng theo văn bản gốc (thử nghiệm)", "admin", admin.id)
    assert criterion.title_corrected_at is not None
    log = scalar(app, sa.select(ChangeLog).where(ChangeLog.criterion_code == "B3.1", ChangeLog.field == "title"))
    assert (log.old, log.new, log.user_id) == (old, "Tên đúng theo văn bản gốc (thử nghiệm)", admin.id)
    page = client.get("/catalog/criteria/B3.1").get_data(as_text=True)
    assert "Quản trị viên đã sửa" in page

    assert runner.invoke(args=["catalog", "load"]).exit_code == 0
    criterion = reload(app, criterion)
    assert criterion.title == "Tên đúng theo văn bản gốc (thử nghiệm)"


@pytest.mark.parametrize("title", ["   ", "x" * 501, ""])
def test_an_empty_or_too_long_title_is_refused(title, client, auth, make):
    auth.login("admin", installation_role="admin")
    old = make.criterion("B3.1").title

    response = client.post("/catalog/criteria/B3.1/title", data={"title": title}, follow_redirects=True)

    page = response.get_data(as_text=True)
    assert "Tên tiêu chí: Độ dài phải từ 1 đến 500 ký tự." in page or "Tên tiêu chí: Trường này là bắt buộc." in page
    assert make.criterion("B3.1").title == old


def test_the_catalogue_shows_counts_per_level_and_title_provenance(client, auth, make):
    auth.login("director")
    make.sub_items("A1.1")

    page = client.get("/catalog/").get_data(as_text=True)

    assert "Đã đối chiếu hai nguồn" in page and "Ghi theo trí nhớ, chưa đối chiếu" in page
    row = re.search(r">A1\.1</a>.*?</tr>", page, re.S).group(0)
    assert [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row)] == [3, 3, 2, 2, 1]
    assert "Nhập danh sách tiểu mục" not in page
    detail = client.get("/catalog/criteria/A1.1").get_data(as_text=True)
    assert "A1.1-2.4" in detail and "Tiểu mục giả lập A1.1-5.11" in detail
    assert "Lưu tên tiêu chí" not in detail
    assert client.get("/catalog/criteria/Z9.9").status_code == 404


def test_admins_see_the_import_link(client, auth):
    auth.login("admin", installation_role="admin")

    page = client.get("/catalog/").get_data(as_text=True)

    assert 'href="/catalog/import"' in page


def test_the_confirm_and_title_forms_need_the_csrf_token(tmp_path, template_db):
    from tests.builders import Builders
    from tests.conftest import PASSWORD, make_app

    protected = make_app(tmp_path, template_db, WTF_CSRF_ENABLED=True)
    user = Builders(protected, PASSWORD).user("admin")
    client = protected.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page).group(1)
    assert client.post("/login", data={"username": user.username, "password": PASSWORD, "csrf_token": token}).status_code == 302

    refused = client.post("/catalog/criteria/B3.1/title", data={"title": "Tên khác"})

    assert refused.status_code == 400
    assert "CSRF" in refused.get_data(as_text=True)


