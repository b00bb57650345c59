"""Who may reach each endpoint: the table the authorization test checks every route against.

A value is PUBLIC, LOGIN (any signed-in user), a capability of auth/roles.py, `hospital(capability)`
for pages that also need a hospital account (the province has none), or a dict per HTTP method.
A route missing here fails tests/security/test_authorization.py: add its rule with the route.
"""
from __future__ import annotations

PUBLIC = "public"
LOGIN = "login"


def hospital(capability: str) -> str:
    return f"hospital:{capability}"


RULES: dict[str, str | dict[str, str]] = {
    "static": PUBLIC,
    "main.favicon": PUBLIC,
    "main.index": LOGIN,
    "auth.login": PUBLIC,
    "auth.logout": LOGIN,
    "auth.password": LOGIN,
    "auth.preferences": LOGIN,
    "auth.users": hospital("users.manage"),
    "auth.reset_password": hospital("users.manage"),
    "org.profile": {"GET": hospital("round.view"), "POST": hospital("hospital.manage")},
    "org.departments": hospital("hospital.manage"),
    "org.toggle_department": hospital("hospital.manage"),
    "catalog.index": "round.view",
    "assessments.index": {"GET": "round.view", "POST": hospital("round.manage")},
    "assessments.change_status": hospital("round.manage"),
    "assessments.overview": "round.view",
    "checklists.index": "round.view",
    "plans.index": "round.view",
    "reports.index": "round.view",
    "workflow.index": "round.view",
}

# URL arguments by name → a builder of a real value in the tested hospital (`make` is tests.builders.Builders).
URL_ARGUMENTS = {
    "round_id": lambda make: make.round().id,
    "user_id": lambda make: make.user("assessor").id,
    "department_id": lambda make: make.department().id,
    "status": lambda make: "submitted",
    "filename": lambda make: "css/app.css",
    "code": lambda make: "A1.1",
    "criterion_code": lambda make: "A1.1",
}
# Arguments naming rows of one hospital: a user of another hospital must get 403/404 for them.
HOSPITAL_ROWS = {"round_id", "user_id", "department_id"}
