"""jupysql: ``%load_ext sql``, ``%sql twilio://…``, queries returning frames, in IPython."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture()
def ipython(monkeypatch) -> Iterator[Any]:
    # jupysql reports usage to its makers unless told not to; these machines are offline.
    monkeypatch.setenv("PLOOMBER_STATS_ENABLED", "false")
    from IPython.testing.globalipapp import get_ipython, start_ipython

    shell = start_ipython() or get_ipython()  # one IPython a process, started once
    shell.run_line_magic("load_ext", "sql")
    shell.run_line_magic("config", "SqlMagic.autopandas = True")
    shell.run_line_magic("config", "SqlMagic.displaylimit = 0")
    yield shell
    shell.run_line_magic("sql", "--close twilio")


def test_sql_magic_connects_and_returns_frames(ipython, emu, capsys):
    ipython.run_line_magic("sql", f"{emu.url} --alias twilio")
    frame = ipython.run_line_magic(
        "sql", "SELECT Status, COUNT(*) AS n FROM Conferences GROUP BY Status ORDER BY Status")
    expected: dict[str, int] = {}
    for record in emu.records:
        expected[record["status"]] = expected.get(record["status"], 0) + 1
    assert dict(zip(frame["Status"], frame["n"])) == dict(sorted(expected.items()))
    cell = ipython.run_cell_magic("sql", "", "SELECT Sid, DateCreated\nFROM Conferences\n"
                                              "WHERE Status = 'init'")
    assert sorted(cell["Sid"]) == sorted(r["sid"] for r in emu.records
                                         if r["status"] == "init")
    printed = capsys.readouterr()
    assert "Running query in 'twilio'" in printed.out
    assert emu.auth_token not in printed.out + printed.err


def test_a_python_variable_goes_into_the_query(ipython, emu):
    ipython.run_line_magic("sql", f"{emu.url} --alias twilio")
    sid = emu.records[0]["sid"]
    ipython.user_ns["sid"] = sid
    frame = ipython.run_line_magic("sql", "SELECT Sid, Name FROM Conferences "
                                          "WHERE Sid = '{{sid}}'")
    assert list(frame["Sid"]) == [sid]
    assert list(frame["Name"]) == [emu.records[0]["friendly_name"]]
