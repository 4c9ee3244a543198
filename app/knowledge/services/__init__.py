"""The knowledge hub's services. Modules: `editors` (who may write and review), `content` (drafts,
review, publishing, unpublishing, history), `registrations` (events: capacity, waiting list,
attendance), `reads` (public reads, languages, related content), `indicators` (figures for the
programme indicators). Callers import from `app.knowledge.services`."""
from .content import (CONTENT_FIELDS, TYPE_FIELDS, check_content, create_item, diff, edit_item,  # noqa: F401
                      editor_queue, get_for_editor, get_item, live_content, open_revision, open_revisions, review,
                      revision, revisions, submit, unpublish, working_content)
from .editors import editor_ids, grant_editor, is_editor, list_editors, require_editor, revoke_editor  # noqa: F401
from .indicators import awareness_provinces, models_recorded  # noqa: F401
from .reads import (get_public, localized, models_of_organisation, related_for_listing,  # noqa: F401
                    related_for_sectors, upcoming_events)
from .registrations import (cancel, fill_seats, get_event, mark_attendance, my_registrations,  # noqa: F401
                            register, registration_of, registrations, seats_left, seats_taken, waitlist_length,
                            waitlist_position)
