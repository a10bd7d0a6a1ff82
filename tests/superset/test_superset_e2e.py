"""Apache Superset 6.1 end to end against the emulator: test-db, database, SQL Lab, datasets
and a monthly chart whose counts match the emulator's data.

Runs in a virtualenv with Superset (``scripts/superset-tests`` or the nox session
``superset``); skipped elsewhere.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("superset")

from sqlalchemy_twilio.emulator import Emulator  # noqa: E402

pytestmark = pytest.mark.superset

RANGE = ("2026-01-01", "2026-06-30")
COLUMNS = ["Sid", "AccountSid", "DateCreated", "DateUpdated", "ApiVersion", "Name", "Region",
           "Status", "Uri", "SubresourceUris", "ReasonConferenceEnded",
           "CallSidEndingConference"]
Api = Callable[..., Any]


@pytest.fixture(scope="module")
def emulator() -> Iterator[Emulator]:
    with Emulator(conferences=1500, seed=3, until="2026-06-30") as emu:
        yield emu


@pytest.fixture(scope="module")
def superset_env(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str]:
    """A metadata DB in a tmp dir, migrated, with an admin, as the `superset` CLI does it."""
    home = tmp_path_factory.mktemp("superset")
    config = home / "superset_config.py"
    config.write_text(
        "SECRET_KEY = 'sqlalchemy-twilio-e2e-not-a-default-key'\n"
        f"SQLALCHEMY_DATABASE_URI = 'sqlite:///{home / 'superset.db'}'\n"
        "WTF_CSRF_ENABLED = False\n"
        "TALISMAN_ENABLED = False\n")
    env = {**os.environ, "SUPERSET_CONFIG_PATH": str(config), "SUPERSET_HOME": str(home),
           "FLASK_APP": "superset"}
    superset = str(Path(sys.executable).with_name("superset"))
    for args in (["db", "upgrade"],
                 ["fab", "create-admin", "--username", "admin", "--firstname", "a",
                  "--lastname", "b", "--email", "a@example.com", "--password", "admin"],
                 ["init"]):
        result = subprocess.run([superset, *args], env=env, capture_output=True, text=True,
                                timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
    # create_app() below, in this process, reads the same config.
    os.environ.update({k: env[k] for k in ("SUPERSET_CONFIG_PATH", "SUPERSET_HOME")})
    return env, superset


@pytest.fixture(scope="module")
def api(superset_env: tuple[dict[str, str], str]) -> Iterator[Api]:
    """`api(method, path, json=…)`: the REST API as the admin, asserting a 2xx answer."""
    from superset.app import create_app

    app = create_app()
    client = app.test_client()
    login = client.post("/api/v1/security/login", json={
        "username": "admin", "password": "admin", "provider": "db", "refresh": True})
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json['access_token']}"}

    def call(method: str, path: str, **kw: Any) -> Any:
        response = client.open(path, method=method, headers=headers, **kw)
        assert response.status_code < 300, (path, response.status_code, response.text[:2000])
        return response.json

    call.app = app  # type: ignore[attr-defined]
    yield call


@pytest.fixture(scope="module")
def database_id(api: Api, emulator: Emulator) -> int:
    created = api("POST", "/api/v1/database/", json={
        "database_name": "twilio-emulator", "sqlalchemy_uri": emulator.url,
        "expose_in_sqllab": True})
    return created["id"]


def created(record: dict[str, Any]) -> dt.datetime:
    return parsedate_to_datetime(record["date_created"]).astimezone(dt.timezone.utc)


def sql_lab(api: Api, database_id: int, sql: str) -> list[dict[str, Any]]:
    result = api("POST", "/api/v1/sqllab/execute/", json={
        "database_id": database_id, "schema": "main", "runAsync": False, "sql": sql})
    return result["data"]


def test_superset_test_db_accepts_the_url(superset_env: tuple[dict[str, str], str],
                                          emulator: Emulator) -> None:
    env, superset = superset_env
    result = subprocess.run([superset, "test-db", emulator.url], env=env, capture_output=True,
                            text=True, timeout=600, input="\n")
    assert result.returncode == 0, (result.stdout[-3000:], result.stderr[-3000:])
    assert "Found 3rd party DB engine spec: Twilio" in result.stdout


def test_the_engine_spec_is_registered(api: Api) -> None:
    from superset.db_engine_specs import get_engine_spec
    from superset.sql.parse import SQLGLOT_DIALECTS

    from sqlalchemy_twilio.superset import Twilio, TwilioEngineSpec

    with api.app.app_context():  # type: ignore[attr-defined]
        spec = get_engine_spec("twilio", "apsw")
        assert spec is TwilioEngineSpec
        assert "P1M" in {g.duration for g in spec.get_time_grains()}
        assert SQLGLOT_DIALECTS["twilio"] is Twilio


def test_tables_and_temporal_columns(api: Api, database_id: int) -> None:
    tables = api("GET", f"/api/v1/database/{database_id}/tables/?q=(schema_name:main)")
    assert "Conferences" in {t["value"] for t in tables["result"]}
    meta = api("GET", f"/api/v1/database/{database_id}/table_metadata/"
                      "?name=Conferences&schema=main")
    assert [c["name"] for c in meta["columns"]] == COLUMNS
    types = {c["name"]: c["type"] for c in meta["columns"]}
    assert types["DateCreated"] == types["DateUpdated"] == "DATETIME"


def test_sql_lab_group_by(api: Api, database_id: int, emulator: Emulator) -> None:
    data = sql_lab(api, database_id,
                   "SELECT Status, COUNT(*) AS n FROM Conferences GROUP BY Status")
    assert {row["Status"]: row["n"] for row in data} == dict(
        Counter(r["status"] for r in emulator.records))


def test_sql_lab_keeps_sqlite_sql(api: Api, database_id: int, emulator: Emulator) -> None:
    """SQL Lab re-renders SQL through sqlglot: SQLite functions, REGEXP, json_extract (not
    `->`) and a CTE's column list must reach SQLite as they were written."""
    data = sql_lab(api, database_id, """
        SELECT strftime('%Y-%m', DateCreated) AS month, COUNT(*) AS n
        FROM Conferences
        WHERE Name REGEXP '^sales' AND DATETIME(DateCreated, 'start of month') >= '2026-01-01'
          AND json_extract(SubresourceUris, '$.participants') LIKE '/2010-04-01/%'
        GROUP BY month""")
    expected = Counter(created(r).strftime("%Y-%m") for r in emulator.records
                       if re.match("sales", r["friendly_name"]) and created(r).year == 2026)
    assert {row["month"]: row["n"] for row in data} == dict(expected)
    assert sum(expected.values()) > 50

    data = sql_lab(api, database_id, "WITH RECURSIVE m(n) AS (SELECT 1 UNION ALL "
                                     "SELECT n + 1 FROM m WHERE n < 12) SELECT SUM(n) AS s FROM m")
    assert data == [{"s": 78}]


def test_sql_lab_datetimes_are_utc(api: Api, database_id: int, emulator: Emulator) -> None:
    record = emulator.records[42]
    data = sql_lab(api, database_id, "SELECT Sid, DateCreated FROM Conferences "
                                     f"WHERE Sid = '{record['sid']}'")
    assert data == [{"Sid": record["sid"], "DateCreated": created(record).isoformat()}]
    assert data[0]["DateCreated"].endswith("+00:00")


@pytest.mark.parametrize("sql", [None, "SELECT Sid, DateCreated, Status FROM Conferences"],
                         ids=["table", "virtual"])
def test_dataset_and_monthly_chart(api: Api, database_id: int, emulator: Emulator,
                                   sql: str | None) -> None:
    dataset = api("POST", "/api/v1/dataset/", json={
        "database": database_id, "schema": "main",
        "table_name": "Conferences" if sql is None else "conferences_virtual",
        **({"sql": sql} if sql else {})})
    detail = api("GET", f"/api/v1/dataset/{dataset['id']}")["result"]
    temporal = {c["column_name"] for c in detail["columns"] if c["is_dttm"]}
    assert temporal == ({"DateCreated", "DateUpdated"} if sql is None else {"DateCreated"})

    chart = api("POST", "/api/v1/chart/data", json={
        "datasource": {"id": dataset["id"], "type": "table"},
        "queries": [{
            "columns": [{"timeGrain": "P1M", "columnType": "BASE_AXIS",
                         "sqlExpression": "DateCreated", "label": "DateCreated",
                         "expressionType": "SQL"}],
            "metrics": ["count"],
            "filters": [{"col": "DateCreated", "op": "TEMPORAL_RANGE",
                         "val": f"{RANGE[0]} : {RANGE[1]}"}],
            "orderby": [], "row_limit": 1000,
        }],
        "result_format": "json", "result_type": "full"})
    data = chart["result"][0]["data"]
    got = {dt.datetime.fromtimestamp(row["DateCreated"] / 1000, dt.timezone.utc).strftime(
        "%Y-%m"): row["count"] for row in data}
    start, end = (dt.datetime.fromisoformat(d).replace(tzinfo=dt.timezone.utc) for d in RANGE)
    expected = Counter(created(r).strftime("%Y-%m") for r in emulator.records
                       if start <= created(r) < end)
    assert got == dict(expected)
    assert list(got) == ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def test_child_tables_are_listed_typed_and_charted(api: Api, database_id: int,
                                                   emulator: Emulator) -> None:
    tables = {t["value"] for t in api(
        "GET", f"/api/v1/database/{database_id}/tables/?q=(schema_name:main)")["result"]}
    assert {"ConferenceParticipants", "ConferenceRecordings"} <= tables
    meta = api("GET", f"/api/v1/database/{database_id}/table_metadata/"
                      "?name=ConferenceParticipants&schema=main")
    types = {c["name"]: c["type"] for c in meta["columns"]}
    assert types["Muted"] == "BOOLEAN" and types["QueueTime"] == "INTEGER"
    assert "From" not in types  # request parameters are not columns of the data
    meta = api("GET", f"/api/v1/database/{database_id}/table_metadata/"
                      "?name=ConferenceRecordings&schema=main")
    types = {c["name"]: c["type"] for c in meta["columns"]}
    assert types["Price"] in ("NUMERIC", "DECIMAL") and types["Duration"] == "INTEGER"

    participants = emulator.table("/Conferences/{ConferenceSid}/Participants.json")
    data = sql_lab(api, database_id, "SELECT Muted, COUNT(*) AS n FROM ConferenceParticipants "
                                     "GROUP BY Muted")
    assert {bool(row["Muted"]): row["n"] for row in data} == dict(
        Counter(p["muted"] for p in participants))

    recordings = emulator.table("/Conferences/{ConferenceSid}/Recordings.json")
    dataset = api("POST", "/api/v1/dataset/", json={
        "database": database_id, "schema": "main", "table_name": "ConferenceRecordings"})
    chart = api("POST", "/api/v1/chart/data", json={
        "datasource": {"id": dataset["id"], "type": "table"},
        "queries": [{"columns": ["Status"],
                     "metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(Price)",
                                  "label": "cost"}, "count"],
                     "orderby": [], "row_limit": 1000}],
        "result_format": "json", "result_type": "full"})
    got = {row["Status"]: (round(row["cost"] or 0, 5), row["count"])
           for row in chart["result"][0]["data"]}
    expected: dict[str, tuple[float, int]] = {}
    for r in recordings:
        cost, n = expected.get(r["status"], (0.0, 0))
        expected[r["status"]] = (cost + float(r["price"] or 0), n + 1)
    assert got == {k: (round(v[0], 5), v[1]) for k, v in expected.items()}


def _chart(api: Api, dataset_id: int, query: dict[str, Any]) -> list[dict[str, Any]]:
    chart = api("POST", "/api/v1/chart/data", json={
        "datasource": {"id": dataset_id, "type": "table"},
        "queries": [{"orderby": [], "row_limit": 10000, **query}],
        "result_format": "json", "result_type": "full"})
    return chart["result"][0]["data"]


def _month(ms: int, fmt: str = "%Y-%m") -> str:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime(fmt)


def test_calls_per_day_and_their_cost_per_month(api: Api, database_id: int,
                                                emulator: Emulator) -> None:
    from decimal import Decimal

    dataset = api("POST", "/api/v1/dataset/", json={
        "database": database_id, "schema": "main", "table_name": "Calls"})
    detail = api("GET", f"/api/v1/dataset/{dataset['id']}")["result"]
    assert {"StartTime", "EndTime", "DateCreated"} <= {
        c["column_name"] for c in detail["columns"] if c["is_dttm"]}
    calls = [c for c in emulator.table("/Calls.json") if c["start_time"]]

    def started(c: dict[str, Any]) -> dt.datetime:
        return parsedate_to_datetime(c["start_time"]).astimezone(dt.timezone.utc)

    since, until = "2026-06-01", "2026-06-30"
    axis = {"timeGrain": "P1D", "columnType": "BASE_AXIS", "sqlExpression": "StartTime",
            "label": "StartTime", "expressionType": "SQL"}
    per_day = _chart(api, dataset["id"], {
        "columns": [axis], "metrics": ["count"],
        "filters": [{"col": "StartTime", "op": "TEMPORAL_RANGE", "val": f"{since} : {until}"}]})
    lo = dt.datetime.fromisoformat(since).replace(tzinfo=dt.timezone.utc)
    hi = dt.datetime.fromisoformat(until).replace(tzinfo=dt.timezone.utc)
    expected = Counter(started(c).strftime("%Y-%m-%d") for c in calls if lo <= started(c) < hi)
    assert {_month(r["StartTime"], "%Y-%m-%d"): r["count"] for r in per_day} == dict(expected)

    per_month = _chart(api, dataset["id"], {
        "columns": [{**axis, "timeGrain": "P1M"}],
        "metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(Price)", "label": "cost"}],
        "filters": [{"col": "StartTime", "op": "TEMPORAL_RANGE",
                     "val": f"{RANGE[0]} : {RANGE[1]}"}]})
    lo = dt.datetime.fromisoformat(RANGE[0]).replace(tzinfo=dt.timezone.utc)
    hi = dt.datetime.fromisoformat(RANGE[1]).replace(tzinfo=dt.timezone.utc)
    cost: dict[str, Decimal] = {}
    for c in calls:
        if lo <= started(c) < hi:
            month = started(c).strftime("%Y-%m")
            cost[month] = cost.get(month, Decimal(0)) + Decimal(c["price"] or 0)
    got = {_month(r["StartTime"]): round(Decimal(str(r["cost"])), 2) for r in per_month}
    assert got == {m: round(v, 2) for m, v in cost.items()} and len(got) == 6


def test_daily_usage_price_by_category(api: Api, database_id: int, emulator: Emulator) -> None:
    from decimal import Decimal

    dataset = api("POST", "/api/v1/dataset/", json={
        "database": database_id, "schema": "main", "table_name": "UsageRecordsDaily"})
    data = _chart(api, dataset["id"], {
        "columns": ["Category"],
        "metrics": [{"expressionType": "SQL", "sqlExpression": "SUM(Price)", "label": "price"}],
        "filters": [{"col": "StartDate", "op": ">=", "val": "2026-06-01"}]})
    expected: dict[str, Decimal] = {}
    for r in emulator.table("/Usage/Records/Daily.json"):
        if r["start_date"] >= "2026-06-01":
            expected[r["category"]] = expected.get(r["category"], Decimal(0)) + Decimal(
                r["price"])
    got = {r["Category"]: round(Decimal(str(r["price"])), 4) for r in data}
    assert got == {k: round(v, 4) for k, v in expected.items()}
    assert got["totalprice"] > 0


@pytest.fixture(scope="module")
def todays_emulator() -> Iterator[Emulator]:
    """Sample data up to today: the dashboard's charts show the last month and year."""
    with Emulator(conferences=300, seed=11) as emu:
        yield emu


def _day(ms: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc)


def _when(text: str | None) -> dt.datetime | None:
    return parsedate_to_datetime(text).astimezone(dt.timezone.utc) if text else None


def test_the_dashboard_imports_and_each_chart_shows_the_emulators_numbers(
        superset_env: tuple[dict[str, str], str], api: Api, todays_emulator: Emulator,
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile
    from decimal import Decimal

    emu = todays_emulator
    bundle = tmp_path / "twilio.zip"
    made = subprocess.run([sys.executable, "-m", "sqlalchemy_twilio.cli", "superset-dashboard",
                           "--url", emu.url, "-o", str(bundle)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    with zipfile.ZipFile(bundle) as z:
        text = "".join(z.read(name).decode() for name in z.namelist())
    assert emu.auth_token not in text and emu.account_sid not in text

    env, superset = superset_env
    imported = subprocess.run([superset, "import-dashboards", "-p", str(bundle), "-u", "admin"],
                              env=env, capture_output=True, text=True, timeout=600)
    assert imported.returncode == 0, imported.stderr[-3000:]

    # The credentials, as the file says, come from Superset's environment.
    monkeypatch.setenv("TWILIO_ACCOUNT_SID", emu.account_sid)
    monkeypatch.setenv("TWILIO_AUTH_TOKEN", emu.auth_token)
    found = api("GET", "/api/v1/dashboard/?q=(filters:!((col:slug,opr:eq,value:twilio)))")
    assert found["count"] == 1
    dashboard_id = found["result"][0]["id"]
    charts = api("GET", f"/api/v1/dashboard/{dashboard_id}/charts")["result"]
    results = {}
    for chart in charts:
        answer = api("GET", f"/api/v1/chart/{chart['id']}/data/")["result"][0]
        results[chart["slice_name"]] = answer
    assert set(results) == {"Calls and minutes per day", "Cost per month by category",
                            "Message delivery status", "Conferences now", "Participants now"}

    def bounds(answer: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
        return _day(answer["from_dttm"]), _day(answer["to_dttm"])

    # Calls and minutes per day, over the last month.
    answer = results["Calls and minutes per day"]
    lo, hi = bounds(answer)
    per_day: dict[str, list[float]] = {}
    for call in emu.table("/Calls.json"):
        started = _when(call["start_time"])
        if started and lo <= started < hi:
            day = per_day.setdefault(started.strftime("%Y-%m-%d"), [0, 0.0])
            day[0] += 1
            day[1] += int(call["duration"] or 0) / 60
    got = {_day(r["StartTime"]).strftime("%Y-%m-%d"): [r["calls"], round(r["minutes"], 3)]
           for r in answer["data"]}
    assert got == {d: [n, round(m, 3)] for d, (n, m) in per_day.items()}
    assert len(got) >= 25  # the sample data has calls on every day

    # Cost per month, by top-level category, over the last year.
    answer = results["Cost per month by category"]
    lo, hi = bounds(answer)
    # Twilio cuts the first month at StartDate (on any day but the 1st it starts there), so the
    # expected records are those the emulator answers for the range, not the whole months.
    monthly = []
    with httpx.Client(base_url=emu.base_url, auth=(emu.account_sid, emu.auth_token)) as http:
        page: str | None = (f"/2010-04-01/Accounts/{emu.account_sid}/Usage/Records/Monthly.json"
                            f"?StartDate={lo:%Y-%m-%d}&PageSize=1000")
        while page:
            body = http.get(page).raise_for_status().json()
            monthly += body["usage_records"]
            page = body["next_page_uri"]
    cost: dict[tuple[str, str], Decimal] = {}
    for r in monthly:
        start = dt.datetime.fromisoformat(r["start_date"]).replace(tzinfo=dt.timezone.utc)
        if "-" not in r["category"] and r["category"] != "totalprice" and lo <= start < hi:
            key = (start.strftime("%Y-%m"), r["category"])
            cost[key] = cost.get(key, Decimal(0)) + Decimal(r["price"])
    got_cost = {(_day(r["StartDate"]).strftime("%Y-%m"), r["Category"]):
                round(Decimal(str(r["cost"])), 2) for r in answer["data"]}
    assert got_cost == {k: round(v, 2) for k, v in cost.items()}
    assert {c for _, c in got_cost} == {"calls", "sms", "mms", "recordings"}

    # Messages sent in the last month, by status.
    answer = results["Message delivery status"]
    lo, hi = bounds(answer)
    sent = Counter(m["status"] for m in emu.table("/Messages.json")
                   if (when := _when(m["date_sent"])) and lo <= when < hi)
    assert {r["Status"]: r["messages"] for r in answer["data"]} == dict(sent)
    assert sum(sent.values()) > 0

    # Now: conferences in progress, and participants of the live ones.
    live = [c for c in emu.records if c["status"] == "in-progress"]
    assert results["Conferences now"]["data"] == [{"conferences": len(live)}]
    participants = emu.table("/Conferences/{ConferenceSid}/Participants.json")
    assert results["Participants now"]["data"] == [{"participants": len(participants)}]
    assert len(live) > 0 and len(participants) > 0
