"""The interactive shell: prompt_toolkit for line editing, history and completion.

A statement may span lines and runs when it ends with ``;`` (SQLite's lexer decides, so a
``;`` in a string does not end it); a dot-command runs on Enter. Ctrl-C clears the line, or
stops the running statement, Ctrl-D leaves.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import apsw
from prompt_toolkit import PromptSession
from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document
from prompt_toolkit.history import FileHistory
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent

from ._script import complete
from ._session import COMMAND_NAMES, DEMO_BANNER, Session, error_text

if TYPE_CHECKING:
    from ..resources import Resource

__all__ = ["run_shell", "history_path"]

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def history_path() -> Path:
    """Where the shell keeps its history: ``$TWILIO_SQL_HISTORY``, else the user's data
    directory (``$XDG_DATA_HOME``, else ``~/.local/share``)."""
    explicit = os.environ.get("TWILIO_SQL_HISTORY")
    if explicit:
        return Path(explicit)
    data = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local",
                                                           "share")
    return Path(data) / "twilio-sql" / "history"


class _History(FileHistory):
    """The history file, which never holds an entry with the connection's credential in it,
    and which only its owner may read."""

    def __init__(self, path: Path, secrets: Iterable[str]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_APPEND | os.O_WRONLY, 0o600))
        self._secrets = tuple(s for s in secrets if s)
        super().__init__(str(path))

    def store_string(self, string: str) -> None:
        if not any(secret in string for secret in self._secrets):
            super().store_string(string)


class SqlCompleter(Completer):
    """Dot-commands, SQLite's keywords, table names and column names: a table's own after
    ``Table.``, else those of the tables the statement names (all of them if it names none).
    A HIDDEN request parameter is marked so."""

    def __init__(self) -> None:
        from ..resources import RESOURCES

        self._tables = {r.name: r for r in RESOURCES.values()}
        self._lower = {name.lower(): name for name in self._tables}
        self._keywords = sorted(apsw.keywords)

    def get_completions(self, document: Document, complete_event: CompleteEvent
                        ) -> Iterator[Completion]:
        text = document.text_before_cursor
        if text.lstrip().startswith(".") and " " not in text.lstrip():
            word = text.lstrip()
            for command in COMMAND_NAMES:
                if command.startswith(word.lower()):
                    yield Completion(command, -len(word))
            return
        if text.lstrip().lower().startswith(".schema "):
            word = document.get_word_before_cursor()
            yield from self._names(word, self._tables, "table")
            return
        match = re.search(rf"({_WORD.pattern})\.([A-Za-z0-9_]*)$", text)
        if match:
            table = self._table_of(match.group(1), document.text)
            if table is not None:
                yield from self._columns(match.group(2), [table])
            return
        word = document.get_word_before_cursor()
        if not word or not _WORD.fullmatch(word):
            return
        named = [r for w in _WORD.findall(document.text)
                 if (r := self._resource(w)) is not None]
        yield from self._names(word, self._tables, "table")
        yield from self._columns(word, named or list(self._tables.values()))
        upper = word.upper()
        for keyword in self._keywords:
            if keyword.startswith(upper) and keyword != upper:
                yield Completion(keyword, -len(word), display_meta="keyword")

    def _resource(self, name: str) -> Resource | None:
        """The table of this name, in any case."""
        table = self._lower.get(name.lower())
        return self._tables[table] if table else None

    def _table_of(self, name: str, text: str) -> Resource | None:
        table = self._resource(name)
        if table is not None:
            return table
        # An alias: "FROM Conferences c" or "JOIN Calls AS c".
        for match in re.finditer(rf"({_WORD.pattern})\s+(?:AS\s+)?{re.escape(name)}\b", text,
                                 re.IGNORECASE):
            table = self._resource(match.group(1))
            if table is not None:
                return table
        return None

    def _names(self, word: str, names: Iterable[str], meta: str) -> Iterator[Completion]:
        lowered = word.lower()
        for name in names:
            if name.lower().startswith(lowered) and name != word:
                yield Completion(name, -len(word), display_meta=meta)

    def _columns(self, word: str, resources: list[Resource]) -> Iterator[Completion]:
        lowered, seen = word.lower(), set()
        for resource in resources:
            for column in resource.columns:
                if column.name in seen or not column.name.lower().startswith(lowered):
                    continue
                if column.name == word:
                    continue
                seen.add(column.name)
                meta = f"{resource.name} HIDDEN" if column.hidden else resource.name
                yield Completion(column.name, -len(word), display_meta=meta)


def _bindings() -> KeyBindings:
    bindings = KeyBindings()

    # Enter typed ahead while a statement runs reaches the shell as Ctrl-J (the terminal,
    # not yet raw, turns its CR into LF): the same key.
    @bindings.add("enter")
    @bindings.add("c-j")
    def _enter(event: KeyPressEvent) -> None:
        buffer = event.current_buffer
        if complete(buffer.text) or not buffer.text.strip():
            buffer.validate_and_handle()
        else:
            buffer.insert_text("\n")

    return bindings


def _continuation(width: int, line_number: int, wrap_count: int) -> str:
    return "...> ".rjust(width)


def run_shell(session: Session) -> int:
    """Read, run and show statements until ``.quit`` or Ctrl-D; the exit status is 0."""
    # Ctrl-C must stop a running statement even when the shell was started with SIGINT
    # ignored, as programs started in the background of a script are: Python then leaves
    # it ignored, and a scan could not be stopped.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    out = session.out
    if session.demo:
        out.write(DEMO_BANNER + "\n")
    else:
        out.write(f"Connected to {session.account_sid}. .help lists the commands.\n\n")
    prompt: PromptSession[str] = PromptSession(
        "twilio> ", multiline=True, key_bindings=_bindings(),
        prompt_continuation=_continuation, completer=SqlCompleter(),
        complete_while_typing=False, history=_History(history_path(), session.secrets),
        enable_history_search=True)
    while not session.done:
        try:
            text = prompt.prompt()
        except KeyboardInterrupt:
            continue  # Ctrl-C at the prompt clears the line
        except EOFError:
            break
        try:
            session.run(text)
        except KeyboardInterrupt:
            session.err.write("interrupted: the statement stopped and sends nothing more "
                              "(a write it had sent stays done)\n")
        except Exception as exc:  # shown, and the shell goes on
            session.err.write(f"error: {error_text(exc)}\n")
        out.flush()
    return 0
