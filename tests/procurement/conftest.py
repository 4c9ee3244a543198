from tests.catalog.conftest import *  # noqa: F401,F403  (shared fixtures)
from tests.programme.conftest import NOW, TODAY, World, days  # noqa: F401  (rows as the workflows leave them)
