"""Imports every domain's models so metadata is complete (create_all, Alembic autogenerate).
A new domain adds its models module here."""
from .accounts import models as accounts_models  # noqa: F401
from .notifications import models as notifications_models  # noqa: F401
from .orgs import models as orgs_models  # noqa: F401
from .payments import models as payments_models  # noqa: F401
from .fairs import models as fairs_models  # noqa: F401
from .labels import models as labels_models  # noqa: F401
from .catalog import models as catalog_models  # noqa: F401
from .logistics import models as logistics_models  # noqa: F401
from .finance import models as finance_models  # noqa: F401
from .sourcing import models as sourcing_models  # noqa: F401
from .trace import models as trace_models  # noqa: F401
from . import jobs as jobs_models  # noqa: F401  (job_runs)
from .indexing import state as indexing_models  # noqa: F401  (search_index_state)
from .knowledge import models as knowledge_models  # noqa: F401
from .programme import models as programme_models  # noqa: F401
