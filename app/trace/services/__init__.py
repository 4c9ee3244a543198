"""Traceability services. One module per responsibility:

- `profiles`   listing trace profiles (composition, DIN SPEC 91446 level, mass-balance model, periods)
- `lots`       lots, inputs, dispatches under deals; the append-only event log and its replay
- `integrity`  recycled-content coverage, shortfall flags, the verifiers' queue
- `footprints` listing and lot footprints, transport legs, declared ISO 14067 footprints
- `public`     visibility, the trace view, JSON-LD, GS1 linkset, resolving Digital Links
- `epcis`      EPCIS 2.0 export and parse

Callers use `from app.trace import services` and the modules (`services.lots.record_lot(...)`).
"""
from . import epcis, footprints, integrity, lots, profiles, public  # noqa: F401
