from tests.catalog.conftest import *  # noqa: F401,F403  (shared fixtures)
