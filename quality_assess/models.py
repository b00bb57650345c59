"""Import every domain's models so the metadata (and Alembic) sees all tables."""
from quality_assess.assessments import models as assessments  # noqa: F401
from quality_assess.auth import models as auth  # noqa: F401
from quality_assess.catalog import models as catalog  # noqa: F401
from quality_assess.checklists import models as checklists  # noqa: F401
from quality_assess.history import models as history  # noqa: F401
from quality_assess.notifications import models as notifications  # noqa: F401
from quality_assess.org import models as org  # noqa: F401
from quality_assess.plans import models as plans  # noqa: F401
from quality_assess.reports import models as reports  # noqa: F401
from quality_assess.workflow import models as workflow  # noqa: F401
