from tests.catalog.conftest import *  # noqa: F401,F403  (shared fixtures)
from tests.catalog.conftest import _labels_seeded  # noqa: F401
