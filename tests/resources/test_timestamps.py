"""Twilio's RFC 2822 timestamps become SQLite's UTC text as RFC 5322 reads them: obsolete
two- and three-digit years and zone names (§4.3) included, and a timestamp beyond the years a
UTC datetime holds clamped to the nearest one, never failing the scan."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sqlalchemy_twilio.resources import ColumnType
from sqlalchemy_twilio.resources._timefmt import rfc2822_to_datetime, rfc2822_to_sql
from sqlalchemy_twilio.resources._values import from_api

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: RFC 5322 §4.3, in minutes east of UTC.
NAMED = {"UT": 0, "GMT": 0, "EST": -300, "EDT": -240, "CST": -360, "CDT": -300,
         "MST": -420, "MDT": -360, "PST": -480, "PDT": -420}
MILITARY = [chr(c) for c in range(ord("A"), ord("Z") + 1) if chr(c) != "J"]
FIRST, LAST = "0001-01-01 00:00:00", "9999-12-31 23:59:59"

read = from_api(ColumnType.DATETIME)


@pytest.mark.parametrize(("text", "utc"), [
    ("Fri, 18 Feb 2011 19:26:50 +0000", "2011-02-18 19:26:50"),
    # Two-digit years: 00-49 are 2000-2049, 50-99 are 1950-1999.
    ("18 Feb 11", "2011-02-18 00:00:00"),  # a date alone: its midnight
    ("Fri, 18 Feb 11 19:26:50 +0000", "2011-02-18 19:26:50"),
    ("Sat, 01 Jan 00 00:00:00 +0000", "2000-01-01 00:00:00"),
    ("Thu, 31 Dec 49 12:00:00 +0000", "2049-12-31 12:00:00"),
    ("Sun, 01 Jan 50 00:00:00 +0000", "1950-01-01 00:00:00"),
    ("Wed, 18 Feb 68 19:26:50 +0000", "1968-02-18 19:26:50"),
    ("Fri, 31 Dec 99 23:59:59 +0000", "1999-12-31 23:59:59"),
    # Three-digit years: plus 1900.
    ("Fri, 18 Feb 111 19:26:50 +0000", "2011-02-18 19:26:50"),
    ("Mon, 01 Jan 000 00:00:00 +0000", "1900-01-01 00:00:00"),
    # Four digits are the year as written, however small.
    ("Mon, 01 Jan 0011 00:00:00 +0000", "0011-01-01 00:00:00"),
    # Zone names.
    ("Fri, 18 Feb 2011 19:26:50 GMT", "2011-02-18 19:26:50"),
    ("Fri, 18 Feb 2011 19:26:50 UT", "2011-02-18 19:26:50"),
    ("Fri, 18 Feb 2011 19:26:50 EST", "2011-02-19 00:26:50"),
    ("Fri, 18 Jul 2011 19:26:50 PDT", "2011-07-19 02:26:50"),
    ("Fri, 18 Feb 2011 19:26:50 Z", "2011-02-18 19:26:50"),
    ("Fri, 18 Feb 2011 19:26:50 A", "2011-02-18 19:26:50"),  # military: -0000
    ("Fri, 18 Feb 2011 19:26:50 Y", "2011-02-18 19:26:50"),
    ("Fri, 18 Feb 2011 19:26:50 CET", "2011-02-18 19:26:50"),  # unknown: -0000
    # Other obsolete or loose forms: no weekday, no seconds, comments, spaces, case.
    ("18 Feb 2011 19:26 +0100", "2011-02-18 18:26:00"),
    ("18 Feb 2011 19:26 +01", "2011-02-18 18:26:00"),
    ("Fri, 18 Feb 2011 19:26:50 +0000 (Coordinated Universal Time)", "2011-02-18 19:26:50"),
    ("Fri , 18 feb 2011 (a (nested) comment) 19 : 26 : 50 -0130", "2011-02-18 20:56:50"),
    ("FRI, 18 FEB 2011 19:26:50 est", "2011-02-19 00:26:50"),
    ("Fri, 8 Feb 2011 19:26:50 +0000", "2011-02-08 19:26:50"),
    ("Tue, 29 Feb 2000 10:00:00 +0000", "2000-02-29 10:00:00"),
    ("Thu, 31 Dec 1998 23:59:60 +0000", "1998-12-31 23:59:59"),  # a leap second
    # Beyond what a UTC datetime holds: the nearest one.
    ("Fri, 31 Dec 9999 23:59:59 -0100", LAST),
    ("Fri, 31 Dec 9999 23:59:59 -9959", LAST),
    ("Sat, 01 Jan 10000 00:30:00 +0100", "9999-12-31 23:30:00"),
    ("Sat, 01 Jan 10000 01:30:00 +0100", LAST),
    ("Mon, 01 Jan 0001 00:30:00 +0100", FIRST),
    ("Mon, 01 Jan 0001 00:30:00 -0100", "0001-01-01 01:30:00"),
    ("Sat, 01 Jan 0000 12:00:00 +0000", FIRST),
])
def test_each_form_of_rfc_5322_is_the_instant_it_names(text, utc):
    assert rfc2822_to_sql(text) == utc
    assert read(text) == utc
    assert rfc2822_to_datetime(text) == dt.datetime.fromisoformat(utc).replace(
        tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("text", [
    "Mon, 30 Feb 2011 10:00:00 +0000", "Fri, 00 Feb 2011 10:00:00 +0000",
    "Fri, 18 Feb 2011 24:00:00 +0000", "Fri, 18 Feb 2011 19:60:00 +0000",
    "Fri, 18 Foo 2011 19:26:50 +0000", "Fri, 18 Feb 2011 19:26:50 +0", "not a date", "",
])
def test_text_that_is_no_timestamp_is_kept_as_twilio_sent_it(text):
    with pytest.raises(ValueError, match="RFC 2822"):
        rfc2822_to_sql(text)
    assert read(text) == (text or None)


def expected(local: dt.datetime, offset: int) -> str:
    """The UTC text of ``local`` at ``offset`` minutes east, clamped: by datetime's own
    arithmetic, which fails past its years."""
    try:
        utc = local - dt.timedelta(minutes=offset)
    except OverflowError:
        return LAST if offset < 0 else FIRST
    return f"{utc.year:04d}-{utc:%m-%d %H:%M:%S}"


@st.composite
def timestamps(draw):
    """An RFC 5322 date-time (obsolete forms included), and the UTC text it names."""
    local = draw(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(
        9999, 12, 31, 23, 59, 59))).replace(microsecond=0)
    if draw(st.booleans()):
        offset = draw(st.integers(-(99 * 60 + 59), 99 * 60 + 59))
        zone = f"{'+' if offset >= 0 else '-'}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"
        if offset == 0 and draw(st.booleans()):
            zone = "-0000"
    else:
        zone = draw(st.sampled_from(sorted(NAMED) + MILITARY + ["UTC", "CET", "BST"]))
        offset = NAMED.get(zone, 0)
        zone = draw(st.sampled_from([zone, zone.lower()]))
    year = f"{local.year:04d}"
    forms = [year]
    if 1950 <= local.year <= 2049:
        forms.append(year[2:])
    if 1900 <= local.year <= 2899:
        forms.append(f"{local.year - 1900:03d}")
    year = draw(st.sampled_from(forms))
    day = draw(st.sampled_from([f"{local.day:02d}", str(local.day)]))
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if local.second or draw(st.booleans()):
        clock += f":{local.second:02d}"
    weekday = draw(st.sampled_from(["", f"{DAYS[local.weekday()]}, "]))
    comment = draw(st.sampled_from(["", " (UTC)", " (a (nested) comment)"]))
    text = f"{weekday}{day} {MONTHS[local.month - 1]} {year} {clock} {zone}{comment}"
    return text, expected(local, offset)


@settings(max_examples=300, deadline=None)
@given(timestamps())
def test_every_rfc_5322_timestamp_is_read_as_its_utc_instant(case):
    text, utc = case
    assert rfc2822_to_sql(text) == utc
    assert read(text) == utc


@settings(max_examples=100, deadline=None)
@given(st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31),
                    timezones=st.just(dt.timezone.utc)))
def test_twilios_own_form_round_trips(moment):
    from email.utils import format_datetime

    moment = moment.replace(microsecond=0)
    assert rfc2822_to_sql(format_datetime(moment)) == \
        f"{moment.year:04d}-{moment:%m-%d %H:%M:%S}"


def test_a_value_no_conversion_can_take_names_its_table_column_and_field():
    from sqlalchemy_twilio.resources import get_resource

    convert = get_resource("Conferences").row_converter()
    with pytest.raises(ValueError, match=r"^Conferences\.SubresourceUris: .*'subresource_uris'"):
        convert({"sid": "CF" + "1" * 32, "subresource_uris": {("not", "JSON")}})
    with pytest.raises(ValueError, match=r"^Conferences: cannot read a record Twilio sent"):
        convert("not a record")
