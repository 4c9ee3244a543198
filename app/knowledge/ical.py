"""An event as an iCalendar file (RFC 5545) built with the `icalendar` library: UTC times, the venue
and/or joining link, the event page's URL (from BASE_URL)."""
from __future__ import annotations

import datetime as dt

from icalendar import Calendar, Event

from ..mail import public_url
from .models import KnowledgeItem
from .render import plain


def event_ics(item: KnowledgeItem, locale: str = "vi") -> bytes:
    from .services.reads import localized

    cal = Calendar()
    cal.add("prodid", "-//GreenConnect//Knowledge hub//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    ev = Event()
    url = public_url("knowledge.detail", item_id=item.id)
    host = url.split("/")[2] if "//" in url else "greenconnect"
    ev.add("uid", f"knowledge-event-{item.id}@{host}")
    ev.add("dtstamp", (item.last_published_at or item.updated_at).replace(tzinfo=dt.UTC))
    ev.add("dtstart", item.starts_at.replace(tzinfo=dt.UTC))
    ev.add("dtend", item.ends_at.replace(tzinfo=dt.UTC))
    ev.add("summary", localized(item, "title", locale)[0])
    location = " · ".join(x for x in (item.place, item.online_url) if x)
    if location:
        ev.add("location", location)
    summary = localized(item, "summary", locale)[0] or plain(localized(item, "body", locale)[0])[:1000]
    ev.add("description", (summary + "\n\n" + url).strip())
    ev.add("url", url)
    ev.add("sequence", item.live_revision or 0)
    ev.add("status", "CONFIRMED")
    cal.add_component(ev)
    return cal.to_ical()
