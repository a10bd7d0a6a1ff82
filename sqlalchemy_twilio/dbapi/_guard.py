"""The SQLite authorizer: what SQL may do on a Twilio connection.

SQLite is only the query engine here, so nothing may reach the local machine (``ATTACH``,
``VACUUM INTO``, extension loading, schema-writing pragmas), nothing may make the connection a
scratch database (local tables, views, triggers, indexes), and writes Twilio does not allow
are refused while the statement is prepared, before any request is sent.
"""

from __future__ import annotations

import apsw

from ..resources import FIXED_SCHEMA, Resource

__all__ = ["Guard"]

# Pragmas that only read, or set per-connection behaviour of an in-memory database.
_SAFE_PRAGMAS = frozenset({
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "database_list", "collation_list",
    "function_list", "module_list", "pragma_list", "compile_options", "encoding",
    "user_version", "schema_version", "data_version", "application_id", "read_uncommitted",
    "foreign_keys", "case_sensitive_like", "cache_size", "busy_timeout", "query_only",
    "recursive_triggers", "reverse_unordered_selects", "short_column_names",
    "full_column_names", "analysis_limit", "optimize", "integrity_check", "quick_check",
})
# Pragmas a user may read but not set.
_READ_ONLY_PRAGMAS = frozenset({"user_version", "schema_version", "application_id",
                                "encoding", "query_only"})
_FORBIDDEN_FUNCTIONS = frozenset({"load_extension", "fts3_tokenizer", "readfile",
                                  "writefile", "edit"})
_LOCAL = "it could touch files on this machine, and a Twilio connection never does"
# Statements that would make, change or remove a schema object of the local SQLite database.
_SCHEMA_ACTIONS = {
    apsw.SQLITE_CREATE_TABLE: "CREATE TABLE", apsw.SQLITE_CREATE_TEMP_TABLE: "CREATE TABLE",
    apsw.SQLITE_CREATE_VIEW: "CREATE VIEW", apsw.SQLITE_CREATE_TEMP_VIEW: "CREATE VIEW",
    apsw.SQLITE_CREATE_TRIGGER: "CREATE TRIGGER",
    apsw.SQLITE_CREATE_TEMP_TRIGGER: "CREATE TRIGGER",
    apsw.SQLITE_CREATE_INDEX: "CREATE INDEX", apsw.SQLITE_CREATE_TEMP_INDEX: "CREATE INDEX",
    apsw.SQLITE_DROP_TABLE: "DROP TABLE", apsw.SQLITE_DROP_TEMP_TABLE: "DROP TABLE",
    apsw.SQLITE_DROP_VIEW: "DROP VIEW", apsw.SQLITE_DROP_TEMP_VIEW: "DROP VIEW",
    apsw.SQLITE_DROP_TRIGGER: "DROP TRIGGER", apsw.SQLITE_DROP_TEMP_TRIGGER: "DROP TRIGGER",
    apsw.SQLITE_DROP_INDEX: "DROP INDEX", apsw.SQLITE_DROP_TEMP_INDEX: "DROP INDEX",
    apsw.SQLITE_ALTER_TABLE: "ALTER TABLE", apsw.SQLITE_REINDEX: "REINDEX",
    apsw.SQLITE_ANALYZE: "ANALYZE",
}
_NOT_A_SCRATCH_DATABASE = (
    "a Twilio connection holds only Twilio's tables: a local table or view would shadow them "
    "and outlive this use of a pooled connection, and its rows would never reach Twilio. "
    "Name intermediate results with a CTE (WITH name AS (SELECT …)) or a subquery instead")


class Guard:
    """Called by SQLite for every action a statement will take while it is prepared."""

    def __init__(self, resources: dict[str, Resource]) -> None:
        self._tables = {name.lower(): r for name, r in resources.items()}
        #: Why the last refused action was refused (SQLite only says "not authorized").
        self.reason: str | None = None
        #: The writes to Twilio tables that statements prepared since the last clear would
        #: make, as (table, "update" / "create" / "delete", column or None); EXPLAIN
        #: describes them.
        self.writes: list[tuple[Resource, str, str | None]] = []

    def __call__(self, op: int, p1: str | None, p2: str | None, db: str | None,
                 trigger: str | None) -> int:
        reason = self._check(op, p1, p2, db)
        if reason is None:
            return apsw.SQLITE_OK
        self.reason = reason
        return apsw.SQLITE_DENY

    def _check(self, op: int, p1: str | None, p2: str | None, db: str | None) -> str | None:
        if op in (apsw.SQLITE_ATTACH, apsw.SQLITE_DETACH):
            return f"ATTACH, DETACH and VACUUM INTO are refused: {_LOCAL}"
        if op == apsw.SQLITE_FUNCTION and (p2 or "").lower() in _FORBIDDEN_FUNCTIONS:
            return f"{p2}() is refused: {_LOCAL}"
        if op == apsw.SQLITE_PRAGMA:
            name = (p1 or "").lower()
            if name not in _SAFE_PRAGMAS or (p2 is not None and name in _READ_ONLY_PRAGMAS):
                return f"PRAGMA {p1} is refused on a Twilio connection"
            return None
        if op == apsw.SQLITE_DROP_VTABLE and (p1 or "").lower() in self._tables:
            return f"DROP TABLE {p1} is refused: {FIXED_SCHEMA}"
        if op in (apsw.SQLITE_CREATE_VTABLE, apsw.SQLITE_DROP_VTABLE):
            return "creating or dropping virtual tables is refused on a Twilio connection"
        action = _SCHEMA_ACTIONS.get(op)
        if action is not None:
            # ALTER TABLE names its table in the second argument, the others in the first.
            target = (p2 if op == apsw.SQLITE_ALTER_TABLE else p1) or ""
            what = f"{action} {target}" if target else action
            if target.lower() in self._tables and action in ("ALTER TABLE", "DROP TABLE"):
                return f"{what} is refused: {FIXED_SCHEMA}"
            return f"{what} is refused: {_NOT_A_SCRATCH_DATABASE}"
        table = self._tables.get((p1 or "").lower()) if db in (None, "main") else None
        if table is None:
            return None
        if op == apsw.SQLITE_INSERT:
            if not table.allows("create"):
                return table.refusal_message("added")
            self.writes.append((table, "create", None))
        elif op == apsw.SQLITE_DELETE:
            if not table.allows("delete"):
                return table.refusal_message("deleted")
            self.writes.append((table, "delete", None))
        elif op == apsw.SQLITE_UPDATE and p2 is not None:
            if not table.has_column(p2):
                return None  # SQLite reports the unknown column itself
            column = table.column(p2)
            if column.readonly:
                return table.readonly_message([column.name])
            self.writes.append((table, "update", column.name))
        return None

