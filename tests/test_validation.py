"""FieldCheck: every field's problem is collected before failing; partial updates check only what
was sent."""
import pytest

from app.errors import ValidationFailed
from app.validation import FieldCheck


def test_collects_every_problem_then_fails_once(app):
    check = FieldCheck({"title": "ab", "note": "x" * 11})
    check.text("title", 200, min_len=3, min_message="too short")
    check.text("note", 10)
    check.text("name", 50, required=True)
    with pytest.raises(ValidationFailed) as exc:
        check.raise_if_errors()
    fields = exc.value.fields
    assert set(fields) == {"title", "note", "name"}
    assert fields["title"] == ["too short"]
    assert all(len(messages) == 1 and messages[0] for messages in fields.values())


def test_partial_update_checks_only_given_fields(app):
    check = FieldCheck({"note": "  hi  "}, partial=True)
    assert check.text("title", 200, min_len=3) is None
    assert check.text("note", 10) == "hi"
    check.raise_if_errors()
    assert check.out == {"note": "hi"}
    assert check.wanted("note") and not check.wanted("title")
