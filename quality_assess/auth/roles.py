"""Roles and what each may do. The one place authorization rules live."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

ADMIN = "admin"
QUALITY = "quality"          # phòng/tổ QLCL
ASSESSOR = "assessor"        # người đánh giá
KSNK = "ksnk"                # kiểm soát nhiễm khuẩn
KSNK_LEAD = "ksnk_lead"      # trưởng khoa/tổ KSNK
DEPT_HEAD = "dept_head"      # trưởng khoa/phòng
DIRECTOR = "director"        # Ban Giám đốc (read-only, approves plans)
PROVINCE = "province"        # Sở Y tế: every hospital, read-only
INSPECTOR = "inspector"      # đoàn kiểm tra của Sở Y tế: writes inspection rounds of the hospitals it is given, nothing else

ROLE_LABELS = {
    ADMIN: _l("Quản trị hệ thống"),
    QUALITY: _l("Phòng/tổ Quản lý chất lượng"),
    ASSESSOR: _l("Người đánh giá"),
    KSNK: _l("Kiểm soát nhiễm khuẩn"),
    KSNK_LEAD: _l("Trưởng khoa Kiểm soát nhiễm khuẩn"),
    DEPT_HEAD: _l("Trưởng khoa/phòng"),
    DIRECTOR: _l("Ban Giám đốc"),
    PROVINCE: _l("Sở Y tế"),
    INSPECTOR: _l("Đoàn kiểm tra của Sở Y tế"),
}
ALL_ROLES = tuple(ROLE_LABELS)
PROVINCE_ROLES = (PROVINCE, INSPECTOR)       # accounts of no hospital, made by the installation admin
HOSPITAL_ROLES = tuple(r for r in ALL_ROLES if r not in PROVINCE_ROLES)
# What a hospital's data shows beyond its rounds (checklists, plans, reports): every role but the inspector,
# who reads only the inspection rounds it writes (web.access.scoped narrows those to its hospitals).
READERS = frozenset(ALL_ROLES) - {INSPECTOR}

# Installation-level grants, above every hospital (users.installation_role; none for most accounts).
# The installation admin creates province accounts and grants these; `setup` makes the first admin one.
INSTALLATION_ADMIN = "admin"
CATALOG_EDITOR = "catalog"   # may change the shared catalogue (e.g. one hospital's quality office)
INSTALLATION_ROLE_LABELS = {
    INSTALLATION_ADMIN: _l("Quản trị toàn hệ thống"),
    CATALOG_EDITOR: _l("Biên tập bộ tiêu chí dùng chung"),
}
INSTALLATION_ROLES = tuple(INSTALLATION_ROLE_LABELS)

# capability → roles that have it. Reading is separate from writing everywhere.
CAPABILITIES: dict[str, frozenset[str]] = {
    "users.manage": frozenset({ADMIN}),
    # Installation-level: no hospital role has these; users.installation_role grants them (INSTALLATION_GRANTS).
    "catalog.manage": frozenset(),          # the criteria catalogue is shared by every hospital
    "installation.manage": frozenset(),     # province accounts, installation-level grants
    "hospital.manage": frozenset({ADMIN, QUALITY}),
    "round.view": frozenset(ALL_ROLES),
    "round.manage": frozenset({ADMIN, QUALITY}),          # create, submit, lock, assign
    "round.answer": frozenset({ADMIN, QUALITY, ASSESSOR}),
    "round.answer_any": frozenset({ADMIN, QUALITY}),       # not only assigned criteria
    "round.review": frozenset({ADMIN, QUALITY}),
    "round.reopen": frozenset({ADMIN}),                    # a locked round, with a written reason; the installation admin too
    "evidence.upload": frozenset({ADMIN, QUALITY, ASSESSOR}),
    "xsd.view": READERS,
    "xsd.audit": frozenset({ADMIN, KSNK, KSNK_LEAD}),
    "xsd.edit_submitted": frozenset({ADMIN, KSNK_LEAD}),
    "xsd.manage": frozenset({ADMIN, KSNK_LEAD}),           # templates, settings, schedule
    "plan.view": READERS,
    "plan.edit": frozenset({ADMIN, QUALITY}),
    "plan.approve": frozenset({ADMIN, DIRECTOR}),
    "plan.update_action": frozenset({ADMIN, QUALITY, DEPT_HEAD, KSNK, KSNK_LEAD, ASSESSOR}),
    "report.view": READERS,
    "report.write": frozenset({ADMIN, QUALITY}),
    "audit.view": frozenset({ADMIN, QUALITY, DIRECTOR, PROVINCE}),
    "province.view": frozenset({PROVINCE}),   # a hospital's admin must never see other hospitals
    # Create and answer inspection rounds ("province team" rounds) of the hospitals assigned to the account
    # (auth.models.inspector_hospitals); workflow.hooks.may_answer lets it answer only those.
    "inspection.write": frozenset({INSPECTOR}),
}


# installation capability → installation roles that have it.
INSTALLATION_GRANTS: dict[str, frozenset[str]] = {
    "catalog.manage": frozenset({INSTALLATION_ADMIN, CATALOG_EDITOR}),
    "installation.manage": frozenset({INSTALLATION_ADMIN}),
    "round.reopen": frozenset({INSTALLATION_ADMIN}),
}


def capabilities_of(role: str) -> frozenset[str]:
    return frozenset(capability for capability, roles in CAPABILITIES.items() if role in roles)


# What the add-user form offers first: the hospital role that may do the least (fewest capabilities),
# so an admin who forgets to choose never grants more than they meant to.
LEAST_POWERFUL_ROLE = min(HOSPITAL_ROLES, key=lambda role: (len(capabilities_of(role)), ALL_ROLES.index(role)))


def installation_role_has(installation_role: str | None, capability: str) -> bool:
    return installation_role is not None and installation_role in INSTALLATION_GRANTS.get(capability, frozenset())


def role_has(role: str, capability: str) -> bool:
    try:
        return role in CAPABILITIES[capability]
    except KeyError:  # a typo in a capability name must fail loudly, never allow
        raise KeyError(f"unknown capability {capability!r}") from None
