#!/usr/bin/env python3
"""Reads an iCalendar file with an independent parser (python3-icalendar, Debian) and
prints what a calendar client would show, as JSON: the method, each event's title,
start and end as UTC instants, zone, sequence, status, organizer and attendees. It also
checks every VTIMEZONE observance against the system's tz database (zoneinfo): the
offset an observance names must be the one in effect from its start.
Usage: read_ics.py FILE  (exit 1 with a message when the file does not parse)."""
import datetime
import json
import sys
import zoneinfo

import icalendar


def utc(value):
    if value.tzinfo is None:
        raise SystemExit("floating time: %s" % value)
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_zone(vtz):
    tzid = str(vtz["TZID"])
    zone = zoneinfo.ZoneInfo(tzid)
    checked = 0
    for obs in vtz.subcomponents:
        start = obs["DTSTART"].dt  # naive wall time in the offset before it
        before = obs["TZOFFSETFROM"].td
        after = obs["TZOFFSETTO"].td
        instant = (start - before).replace(tzinfo=datetime.timezone.utc)
        real = instant.astimezone(zone).utcoffset()
        if real != after:
            raise SystemExit("%s observance at %s says %s, zoneinfo says %s" %
                             (tzid, start, after, real))
        checked += 1
    return tzid, checked


def main():
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    for line in raw.split(b"\r\n"):
        if len(line) > 75:
            raise SystemExit("line longer than 75 octets: %r" % line[:40])
    cal = icalendar.Calendar.from_ical(raw)
    out = {"method": str(cal.get("METHOD", "")), "name": str(cal.get("X-WR-CALNAME", "")),
           "zones": {}, "events": []}
    for vtz in cal.walk("VTIMEZONE"):
        tzid, n = check_zone(vtz)
        out["zones"][tzid] = n
    for ev in cal.walk("VEVENT"):
        start = ev["DTSTART"]
        item = {
            "uid": str(ev["UID"]),
            "summary": str(ev.get("SUMMARY", "")),
            "location": str(ev.get("LOCATION", "")),
            "description": str(ev.get("DESCRIPTION", "")),
            "start": utc(start.dt),
            "tzid": start.params.get("TZID", ""),
            "sequence": int(ev.get("SEQUENCE", 0)),
            "status": str(ev.get("STATUS", "")),
            "class": str(ev.get("CLASS", "")),
            "organizer": str(ev["ORGANIZER"].params.get("CN", "")) if "ORGANIZER" in ev else "",
            "attendees": [],
        }
        if "DTEND" in ev:
            item["end"] = utc(ev["DTEND"].dt)
        attendees = ev.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        for a in attendees:
            item["attendees"].append({"name": str(a.params.get("CN", "")),
                                      "role": str(a.params.get("ROLE", "")),
                                      "address": str(a)})
        out["events"].append(item)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
