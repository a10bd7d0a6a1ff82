"""Writes: what UPDATE, INSERT and DELETE ask of Twilio, checked, collected and sent.

SQLite calls the table once per row while it scans; each call is checked against the
declaration (a refused column or value fails the statement before any write) and kept. When
the statement commits, the collected requests are counted against ``max_writes`` (more: none
is sent), recorded, and sent one by one — unless the statement runs with ``dry_run``. A scan
that fails part-way therefore writes nothing, and a write that fails says how many went out.
A row a DELETE finds gone already (kicking a participant can end the conference, and its
other participants with it) counts as deleted: what the statement asked for holds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import apsw

from ..resources import ColumnType, Resource
from ._errors import BadWriteValue, PartialWriteError, WriteLimitError, WriteRefused

if TYPE_CHECKING:
    from ..client import TwilioClient

__all__ = ["WriteRequest", "PendingWrites"]

Row = tuple[Any, ...]
_SPLIT = re.compile(r"[\s,]+")
_VERBS = {"update": "updated", "create": "added", "delete": "deleted"}


@dataclass(frozen=True)
class WriteRequest:
    """One write request of a statement: sent, or (under ``dry_run``) the one it would send."""

    op: str  # "update", "create" or "delete"
    method: str
    path: str
    form: tuple[tuple[str, str], ...] = ()
    #: What the request is for, as errors name it: the key, or the new row's parameters.
    label: str = ""

    def __str__(self) -> str:
        form = " ".join(f"{k}={v}" for k, v in self.form)
        return f"{self.method} {self.path}" + (f" {form}" if form else "")


def _truth(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return bool(value) if value in (0, 1) else value


def _same(kind: ColumnType, old: Any, new: Any) -> bool:
    if kind is ColumnType.BOOLEAN:
        return old is not None and _truth(old) == _truth(new)
    return old == new and isinstance(old, str) == isinstance(new, str)


class PendingWrites:
    """The writes one statement makes to one table."""

    def __init__(self, resource: Resource) -> None:
        self.resource = resource
        self.requests: list[WriteRequest | None] = []
        self._names = resource.column_names

    def clear(self) -> None:
        self.requests.clear()

    # -- one row at a time, while SQLite scans --------------------------------------------------

    def _form(self, op: str, values: dict[str, Any]) -> list[tuple[str, str]]:
        form = []
        for name, value in values.items():
            column = self.resource.column(name)
            rule = column.write(op)
            assert rule is not None
            if rule.many:
                form += [(rule.param, v) for v in _SPLIT.split(str(value).strip()) if v]
            else:
                form.append((rule.param, self.resource.form_value(name, value)))
        return form

    def _check(self, op: str, values: dict[str, Any]) -> None:
        for name, value in values.items():
            problem = self.resource.bad_value_message(name, value, op)
            if problem:
                raise BadWriteValue(problem)

    def _instance(self, row: Row) -> str:
        values = {p.name: row[self.resource.index(p.column)] for p in self.resource.path_params}
        path = self.resource.path(self.resource.instance_path or "", values)
        if path is None:
            raise BadWriteValue(f"{self.resource.name} row {self._label(row)} has no address "
                                "Twilio could be sent a write for")
        return path

    def _label(self, row: Row) -> str:
        return ", ".join(str(row[i]) for i in self.resource.key_indexes)

    def change(self, old: Row, fields: Sequence[Any]) -> None:
        """UPDATE of one row: ``fields`` is the whole new row (no_change where not set)."""
        resource = self.resource
        changed = {n: v for n, v in zip(self._names, fields) if v is not apsw.no_change}
        readonly = [resource.column(n).name for n in changed if resource.column(n).readonly]
        if readonly:
            raise WriteRefused(resource.readonly_message(readonly))
        # A request parameter set to NULL is a parameter not sent.
        changed = {n: v for n, v in changed.items()
                   if not (v is None and resource.column(n).hidden)}
        self._check("update", changed)
        sent = {n: v for n, v in changed.items()
                if not _same(resource.column(n).type, old[resource.index(n)], v)}
        if not sent:
            # Already as asked: Twilio needs no request for this row.
            self.requests.append(None)
            return
        self.requests.append(WriteRequest("update", "POST", self._instance(old),
                                          tuple(self._form("update", sent)), self._label(old)))

    def delete(self, old: Row) -> None:
        if not self.resource.delete:
            raise WriteRefused(self.resource.refusal_message("deleted"))
        self.requests.append(WriteRequest("delete", "DELETE", self._instance(old),
                                          label=self._label(old)))

    def insert(self, fields: Sequence[Any], account_sid: str) -> None:
        resource = self.resource
        if resource.create is None:
            raise WriteRefused(resource.refusal_message("added"))
        values = {n: v for n, v in zip(self._names, fields) if v is not None}
        path_columns = {p.column: p for p in resource.path_params}
        given = {n: v for n, v in values.items() if n not in path_columns}
        refused = [n for n in given if resource.column(n).create is None]
        if refused:
            raise WriteRefused(resource.readonly_message(refused, "create"))
        self._check("create", given)
        for group in resource.create.required:
            if not any(n in given for n in group):
                need = " or ".join(group)
                raise BadWriteValue(f"adding {resource.name} needs {need}: give it a value in "
                                    "the INSERT")
        where = {p.name: values.get(p.column) for p in path_columns.values()}
        where["AccountSid"] = where.get("AccountSid") or account_sid
        path = resource.path(resource.list_path, where)
        if path is None:
            missing = [p.column for p in resource.placeholders(resource.list_path)
                       if not p.matches(where.get(p.name))]
            raise BadWriteValue(
                f"adding {resource.name} needs {', '.join(missing)}: give "
                + " and ".join(f"a valid {m}" for m in missing) + " in the INSERT")
        form = tuple(self._form("create", given))
        label = ", ".join(f"{k}={v}" for k, v in form[:3])
        self.requests.append(WriteRequest("create", "POST", path, form, label))

    # -- at commit --------------------------------------------------------------------------------

    def send(self, client: TwilioClient, *, max_writes: int, dry_run: bool,
             record: list[WriteRequest]) -> None:
        """Send the collected requests (or, with ``dry_run``, only record them)."""
        pending = [r for r in self.requests if r is not None]
        rows = len(self.requests)
        self.requests = []
        if len(pending) > max_writes:
            kinds = ", ".join(sorted({f"{r.method} {r.op}" for r in pending}))
            raise WriteLimitError(
                f"this statement would send {len(pending)} write requests to Twilio ({kinds} "
                f"of {self.resource.name}), more than max_writes={max_writes} allows: none "
                f"were sent. Narrow the statement, or raise max_writes in the URL (or the "
                f"statement's execution options); dry_run shows what would be sent")
        record.extend(pending)
        if dry_run or not pending:
            return
        done = rows - len(pending)  # rows already as asked count as done
        for request in pending:
            try:
                if request.op == "create":
                    client.create(request.path, request.form)
                elif request.op == "delete":
                    client.delete(request.path)
                else:
                    client.update(request.path, request.form)
            except Exception as exc:
                maybe = getattr(exc, "may_have_taken_effect", False)
                note = " (it may have taken effect: check before trying again)" if maybe else ""
                raise PartialWriteError(
                    f"{done} of {rows} {self.resource.name} {_VERBS[request.op]} before "
                    f"{request.label} failed{note}: {exc}", updated=done,
                    failed_key=request.label) from exc
            done += 1
