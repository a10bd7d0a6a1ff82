"""Tables of records in Twilio's shape, keyed by list path, to and from a :class:`Store`.

The keys are Twilio's list paths relative to the account, as the spec writes them
(``/Conferences.json``, ``/Conferences/{ConferenceSid}/Participants.json``, ``/Calls.json``,
``/Usage/Records/Daily.json``, …: every path of ``LIST_PATHS``), and ``/Accounts.json``: the
main account (its own owner, or else the first) and its subaccounts. Records carry their account
(``account_sid``); nested ones name their parents by their own fields (``conference_sid``,
``call_sid``). The three recording lists share one store: a recording given under several of
them is one recording.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import _calls, _conferences, _generic, _messages, _participants, _recordings, _usage
from ._accounts import STATUSES, Accounts, created, record_of
from ._spec import list_resource
from ._store import Store
from ._wire import format_stamp

__all__ = ["ACCOUNTS", "Dataset", "build", "build_accounts", "export", "load"]

ACCOUNTS = "/Accounts.json"

Record = dict[str, Any]
LIST_PATHS: tuple[str, ...] = (
    _conferences.LIST, _participants.LIST, _recordings.CONFERENCE_LIST,
    _recordings.ACCOUNT_LIST, _recordings.CALL_LIST, _calls.LIST, _messages.LIST,
    *_usage.LISTS, *_generic.LISTS)
_RECORDING_LISTS = (_recordings.ACCOUNT_LIST, _recordings.CONFERENCE_LIST,
                    _recordings.CALL_LIST)
# The fields every record of a list must carry: its key, the field lists are ordered by, and
# the fields naming its parents.
_REQUIRED: dict[str, tuple[str, ...]] = {
    _conferences.LIST: ("sid", "date_created"),
    _participants.LIST: ("call_sid", "conference_sid", "date_created"),
    _recordings.CONFERENCE_LIST: ("sid", "conference_sid", "date_created"),
    _recordings.ACCOUNT_LIST: ("sid", "date_created"),
    _recordings.CALL_LIST: ("sid", "call_sid", "date_created"),
    _calls.LIST: ("sid", "date_created"),
    _messages.LIST: ("sid", "date_created"),
    **{path: ("category", "start_date", "end_date") for path in _usage.LISTS},
    **{path: _generic.required_fields(path) for path in _generic.LISTS},
}
_NOUN = {_conferences.LIST: "conference", _participants.LIST: "participant",
         _calls.LIST: "call", _messages.LIST: "message", **{p: "recording"
                                                            for p in _RECORDING_LISTS},
         **{p: "usage record" for p in _usage.LISTS},
         **{p: "record" for p in _generic.LISTS}}


@dataclass
class Dataset:
    """Records per list path; ``stamps`` may carry parsed timestamps of generated records
    (list path → field → values aligned with the records) so they need not be parsed."""

    tables: dict[str, list[Record]]
    stamps: dict[str, dict[str, list[float | None]]] = field(default_factory=dict)
    #: The accounts (as ``/Accounts.json`` lists them, tokens aside): the main one (its own
    #: owner) and its subaccounts. Empty: the main account alone, with the emulator's defaults.
    accounts: list[Record] = field(default_factory=list)
    #: Each subaccount's own tables, by its SID (``tables`` are the main account's).
    subaccounts: dict[str, Dataset] = field(default_factory=dict)

    @classmethod
    def of_conferences(cls, records: list[Record]) -> Dataset:
        return cls({_conferences.LIST: records})


def _recordings_of(tables: dict[str, list[Record]], where: str) -> list[Record]:
    """One record per recording SID from the three recording lists (fields merged; a field
    two lists give differently is an error, except ``uri``, which each list has its own)."""
    merged: dict[str, Record] = {}
    came_from: dict[str, str] = {}
    for path in _RECORDING_LISTS:
        for record in tables.get(path, []):
            sid = record["sid"]
            if sid not in merged:
                merged[sid] = {k: v for k, v in record.items() if k != "uri"}
                came_from[sid] = path
                continue
            for key, value in record.items():
                if key == "uri":
                    continue
                if key in merged[sid] and merged[sid][key] != value:
                    raise ValueError(f"{where}: recording {sid} has {key}="
                                     f"{merged[sid][key]!r} in {came_from[sid]} but "
                                     f"{value!r} in {path}")
                merged[sid][key] = value
    return list(merged.values())


def build(dataset: Dataset, account_sid: str, *, seed: int = 1, retention_days: int = 400,
          clock: Callable[[], float] = time.time, ties: str = "sid") -> Store:
    tables = dataset.tables
    store = Store(account_sid, seed=seed, retention_days=retention_days, clock=clock,
                  ties=ties)
    for path, table in ((_conferences.LIST, store.conferences),
                        (_participants.LIST, store.participants), (_calls.LIST, store.calls),
                        (_messages.LIST, store.messages)):
        table.load(tables.get(path, []), dataset.stamps.get(path))
    if any(p in tables for p in _RECORDING_LISTS):
        if set(tables) & set(_RECORDING_LISTS) == {_recordings.ACCOUNT_LIST}:
            store.recordings.load(tables[_recordings.ACCOUNT_LIST],
                                  dataset.stamps.get(_recordings.ACCOUNT_LIST))
        else:
            store.recordings.load(_recordings_of(tables, "data"))
    if any(p in tables for p in _usage.LISTS):
        store.usage_given = {p: tables[p] for p in _usage.LISTS if p in tables}
    for path in _generic.LISTS:
        if path in tables:
            _generic.table(store, list_resource(path)).load(_generic.keyed(path, tables[path]))
    return store


def build_accounts(dataset: Dataset, main: str, token: str, *, seed: int = 1,
                   retention_days: int = 400, clock: Callable[[], float] = time.time,
                   ties: str = "sid") -> Accounts:
    """The main account and its subaccounts, each with a store of its own data."""
    def store_of(sid: str, n: int) -> Store:
        return build(dataset.subaccounts.get(sid, Dataset({})), sid, seed=seed * 1000 + n,
                     retention_days=retention_days, clock=clock, ties=ties)

    accounts = Accounts(main, token, seed=seed, store_of=store_of)
    given = {r["sid"]: r for r in dataset.accounts}
    sids = [main, *(s for s in given if s != main)]
    for n, sid in enumerate(sids):
        store = build(dataset, sid, seed=seed, retention_days=retention_days,
                      clock=clock, ties=ties) if sid == main else store_of(sid, n)
        record = record_of(sid, main, "Emulated account" if sid == main else f"Subaccount {n}",
                           "active", format_stamp(created(store)))
        record.update({k: v for k, v in given.get(sid, {}).items() if k != "auth_token"})
        accounts.add(record, store)
    return accounts


def export(store: Store, path: str) -> list[Record]:
    """Every record a list path serves with no filters, all parents together, newest first
    (the stored records themselves: copy before handing them out)."""
    if path == _conferences.LIST:
        return store.conferences.all()
    if path == _participants.LIST:
        return [_participants.view(store, r) for r in store.participants.all()]
    if path == _calls.LIST:
        return [_calls.view(store, r) for r in store.calls.all()]
    if path == _messages.LIST:
        return [_messages.view(store, r) for r in store.messages.all()
                if not _messages.expired(store, r)]
    live = [r for r in store.recordings.all() if r["sid"] not in store.deleted]
    if path == _recordings.ACCOUNT_LIST:
        return [_recordings.view(store, r, "account") for r in live]
    if path == _recordings.CONFERENCE_LIST:
        return [_recordings.view(store, r, "conference") for r in live
                if r.get("conference_sid") in store.conferences]
    if path == _recordings.CALL_LIST:
        return [_recordings.view(store, r, "call") for r in live
                if r.get("call_sid") in store.calls]
    if path in _usage.LISTS:
        return _usage.export(store, path)
    if path in _generic.LISTS or path in _generic.VIEWS:
        return _generic.export(store, path)
    raise KeyError(f"{path!r} is not a list path the emulator serves; it serves "
                   + ", ".join((*LIST_PATHS, *_generic.VIEWS)))


# -- --data files ----------------------------------------------------------------------------

def load(source: str | Path | list[Record] | dict[str, list[Record]]
         ) -> tuple[str, Dataset]:
    """Records from a JSON file, or the parsed JSON itself: an object keyed by list path, each
    an array of records in Twilio's shape (a bare array is a list of conferences); and the one
    account they all carry. Every error says what to change."""
    where = "data" if isinstance(source, (list, dict)) else str(source)
    data = source if isinstance(source, (list, dict)) else json.loads(
        Path(source).read_text(encoding="utf-8"))
    if isinstance(data, list):
        if not all(isinstance(r, dict) for r in data):
            raise ValueError(f"{where}: expected a JSON array of conference objects")
        data = {_conferences.LIST: data}
    if not isinstance(data, dict):
        raise ValueError(f"{where}: expected a JSON object keyed by list path (such as "
                         f"{_calls.LIST!r}) or an array of conferences")
    unknown = sorted(set(data) - set(LIST_PATHS) - {ACCOUNTS})
    if unknown:
        raise ValueError(f"{where}: {unknown[0]!r} is not a list path the emulator serves; "
                         "use one of " + ", ".join((ACCOUNTS, *LIST_PATHS)))
    tables: dict[str, list[Record]] = {}
    for path in LIST_PATHS:
        if path not in data:
            continue
        records = data[path]
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ValueError(f"{where}: {path} must be an array of {_NOUN[path]} objects")
        for record in records:
            missing = [f for f in _REQUIRED[path] if not isinstance(record.get(f), str)]
            if missing:
                raise ValueError(f"{where}: every {_NOUN[path]} in {path} needs "
                                 + " and ".join(_REQUIRED[path])
                                 + f"; one has no {missing[0]}")
        key = ("call_sid" if path == _participants.LIST else
               _generic.key_field(path) if path in _generic.LISTS else "sid")
        if path not in _usage.LISTS and key != _generic.ROW:
            seen: set[str] = set()
            for record in records:
                if record[key] in seen:
                    raise ValueError(f"{where}: {_NOUN[path]} {record[key]} appears twice "
                                     f"in {path}")
                seen.add(record[key])
        tables[path] = records
    if ACCOUNTS in data:
        return _of_accounts(data[ACCOUNTS], tables, where)
    accounts = {r.get("account_sid") for rs in tables.values() for r in rs}
    account = next(iter(accounts)) if len(accounts) == 1 else None
    if not isinstance(account, str):
        what = "conference" if set(tables) == {_conferences.LIST} else "record"
        raise ValueError(f"{where}: every {what} must carry the same account_sid (or list "
                         f"the accounts they belong to in {ACCOUNTS})")
    _check_parents(tables, where)
    _recordings_of(tables, where)
    return account, Dataset(tables)


def _of_accounts(given: Any, tables: dict[str, list[Record]], where: str
                 ) -> tuple[str, Dataset]:
    """Tables of several accounts, split by each record's ``account_sid``."""
    if not isinstance(given, list) or not all(
            isinstance(r, dict) and isinstance(r.get("sid"), str)
            and re.fullmatch(r"AC[0-9a-fA-F]{32}", r["sid"]) for r in given):
        raise ValueError(f"{where}: {ACCOUNTS} must be an array of account objects, each with "
                         "its sid (AC followed by 32 hex digits)")
    if not given:
        raise ValueError(f"{where}: {ACCOUNTS} must list at least the main account")
    mains = [r["sid"] for r in given if r.get("owner_account_sid") == r["sid"]]
    if len(mains) > 1:
        raise ValueError(f"{where}: at most one account in {ACCOUNTS} may be the main account "
                         f"(owner_account_sid equal to its sid); found {len(mains)}")
    main = mains[0] if mains else given[0]["sid"]
    for record in given:
        if record.get("owner_account_sid", main) not in (main, record["sid"]):
            raise ValueError(f"{where}: account {record['sid']} names owner "
                             f"{record['owner_account_sid']}, which is not the main "
                             f"account {main}")
        if record.get("status", "active") not in STATUSES:
            raise ValueError(f"{where}: account {record['sid']} has status "
                             f"{record['status']!r}; use one of " + ", ".join(STATUSES))
    known = {r["sid"] for r in given}
    split: dict[str, dict[str, list[Record]]] = {sid: {} for sid in known}
    for path, records in tables.items():
        for record in records:
            account = record.get("account_sid")
            if account not in known:
                raise ValueError(f"{where}: a record in {path} has account_sid {account!r}, "
                                 f"which is not an account in {ACCOUNTS}")
            split[account].setdefault(path, []).append(record)
    for part in split.values():
        _check_parents(part, where)
        _recordings_of(part, where)
    return main, Dataset(split[main], accounts=list(given), subaccounts={
        sid: Dataset(part) for sid, part in split.items() if sid != main})


def _check_parents(tables: dict[str, list[Record]], where: str) -> None:
    conferences = {r["sid"]: r for r in tables.get(_conferences.LIST, [])}
    calls = {r["sid"] for r in tables.get(_calls.LIST, [])}
    for record in tables.get(_participants.LIST, []):
        conference = conferences.get(record["conference_sid"])
        if conference is None:
            raise ValueError(f"{where}: participant {record['call_sid']} names conference "
                             f"{record['conference_sid']}, which is not in "
                             f"{_conferences.LIST}")
        if conference.get("status") == "completed":
            raise ValueError(f"{where}: participant {record['call_sid']} is in conference "
                             f"{record['conference_sid']}, which is completed: Twilio keeps "
                             "no participants of a completed conference")
    for record in tables.get(_recordings.CONFERENCE_LIST, []):
        if record["conference_sid"] not in conferences:
            raise ValueError(f"{where}: recording {record['sid']} names conference "
                             f"{record['conference_sid']}, which is not in "
                             f"{_conferences.LIST}")
    for record in tables.get(_recordings.CALL_LIST, []):
        if record["call_sid"] not in calls:
            raise ValueError(f"{where}: recording {record['sid']} names call "
                             f"{record['call_sid']}, which is not in {_calls.LIST}")
