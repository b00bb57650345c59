"""A user switches the interface to English from the top bar and back; catalogue data (criterion
titles, sub-items) stays Vietnamese whatever the language."""
from __future__ import annotations

from tests.conftest import reload


def choose(client, locale: str, back_to: str) -> None:
    response = client.post("/account/preferences", data={"locale": locale, "next": back_to})
    assert response.status_code == 302


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_english_user_sees_english_pages_but_vietnamese_criteria(app, client, auth, make):
    user = auth.login("quality")
    round_ = make.round(name="Tự đánh giá 2026")
    sub_item = make.sub_items("A1.1")[0]
    title = make.criterion("A1.1").title
    overview, criterion = f"/rounds/{round_.id}", f"/rounds/{round_.id}/criteria/A1.1"

    home = page(client, "/")
    assert "Đăng xuất" in home and 'lang="vi"' in home

    choose(client, "en", "/")
    user = reload(app, user)
    assert user.locale == "en"

    home = page(client, "/")
    assert 'lang="en"' in home and "Sign out" in home and "Recent assessment rounds" in home
    assert "Đăng xuất" not in home

    text = page(client, overview)
    assert "Progress" in text and "Level 1" in text and "Tiến độ" not in text
    assert "Tự đánh giá 2026" in text  # the round's own name is data

    text = page(client, criterion)
    assert "Save and next" in text and "Level" in text and "Lưu và tiếp" not in text
    assert title in text  # criterion titles are catalogue data: Vietnamese in every language
    assert sub_item.text in text  # and so are the sub-items a hospital imported

    choose(client, "vi", criterion)
    text = page(client, criterion)
    assert "Lưu và tiếp" in text and "Save and next" not in text and 'lang="vi"' in text


def test_english_numbers_use_a_decimal_point(app):
    from quality_assess.i18n import number

    with app.test_request_context():
        from flask_babel import force_locale

        assert number(3.6) == "3,60"
        with force_locale("en"):
            assert number(3.6) == "3.60"


def test_sign_in_page_and_errors_follow_the_language(client, auth):
    auth.login("quality")
    choose(client, "en", "/")
    response = client.get("/rounds/999999")
    assert response.status_code == 404
    assert "The page or data you asked for was not found." in response.get_data(as_text=True)
    auth.logout()
    assert "Đăng nhập" in page(client, "/login")  # before signing in, the default language (Vietnamese)


def test_a_refusal_names_the_action_and_status_in_the_users_language(app):
    from flask_babel import force_locale

    from quality_assess.domain import ValidationError
    from quality_assess.workflow.rules import review_refusal

    refusal = review_refusal("approve", "draft", may_answer=True, may_review=True, answered=True, comment="")
    error = ValidationError(refusal.message, **refusal.params)
    with app.test_request_context():
        with force_locale("en"):
            english = error.text()
        vietnamese = error.text()
    assert "approve" in english and "Draft" in english and "Nháp" not in english
    assert "duyệt" in vietnamese and "Nháp" in vietnamese
