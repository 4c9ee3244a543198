"""Supply–demand matching: sourcing requests (RFQs), explained matches, quotes, deals, messages,
saved searches with reverse matching, and supplier responsiveness."""
from . import alerts, cli, demo  # noqa: F401  (hooks, `flask rfqs` / `flask sourcing`, demo step)
