"""twilio-sql superset-dashboard: the export's files, without Superset (which the Superset
end-to-end test imports it into)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import pytest
from sqlalchemy import create_engine, text

from sqlalchemy_twilio.resources import RESOURCES
from sqlalchemy_twilio.resources.dashboard import CHARTS
from sqlalchemy_twilio.superset_dashboard import dashboard_zip


def files(data: bytes) -> dict[str, dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        # Every file is JSON, which is YAML too.
        return {name.split("/", 1)[1]: json.loads(bundle.read(name))
                for name in bundle.namelist()}


def test_the_export_holds_database_datasets_charts_and_dashboard_and_no_credential(emu):
    result = subprocess.run([sys.executable, "-m", "sqlalchemy_twilio.cli",
                             "superset-dashboard", "--url", emu.url + "&page_size=500"],
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert emu.auth_token.encode() not in result.stdout
    assert b"not written" in result.stderr and emu.auth_token.encode() not in result.stderr
    exported = files(result.stdout)
    assert emu.auth_token not in json.dumps(exported)
    assert emu.account_sid not in json.dumps(exported)
    database = exported["databases/Twilio.yaml"]
    assert database["sqlalchemy_uri"].startswith("twilio://?")
    assert "page_size=500" in database["sqlalchemy_uri"]
    charts = {v["slice_name"]: v for k, v in exported.items() if k.startswith("charts/")}
    assert list(charts) == [c.title for c in CHARTS]
    datasets = {v["uuid"]: v for k, v in exported.items() if k.startswith("datasets/")}
    for chart in charts.values():
        dataset = datasets[chart["dataset_uuid"]]
        assert dataset["database_uuid"] == database["uuid"]
        # The dataset's columns are the table's own, typed, with the datetimes temporal.
        table = dataset["sql"].removeprefix("SELECT * FROM ").strip('"')
        assert dataset["table_name"] == f"{table} (Twilio)"
        resource = RESOURCES[table]
        assert [c["column_name"] for c in dataset["columns"]] == [
            c.name for c in resource.columns if not c.hidden]
    dashboard = exported["dashboards/Twilio_account.yaml"]
    placed = {v["meta"]["uuid"] for v in dashboard["position"].values()
              if isinstance(v, dict) and v.get("type") == "CHART"}
    assert placed == {c["uuid"] for c in charts.values()}


def test_the_same_name_gives_the_same_objects_and_another_name_others(emu):
    once, again = files(dashboard_zip(emu.url)), files(dashboard_zip(emu.url))
    other = files(dashboard_zip(emu.url, "Twilio EU"))
    uuids = {k: v["uuid"] for k, v in once.items() if "uuid" in v}
    assert uuids == {k: v["uuid"] for k, v in again.items() if "uuid" in v}
    assert not set(uuids.values()) & {v["uuid"] for v in other.values() if "uuid" in v}
    assert other["databases/Twilio EU.yaml"]["database_name"] == "Twilio EU"


@pytest.mark.parametrize("chart", CHARTS, ids=[c.title for c in CHARTS])
def test_each_charts_query_runs_on_the_dialect(live_emulator, chart):
    # What Superset asks, without its time range: the metrics, grouped as the chart groups.
    metrics = ", ".join(f"{sql} AS {label}" for label, sql in chart.metrics)
    group = ", ".join(chart.groupby)
    sql = (f"SELECT {group + ', ' if group else ''}{metrics} FROM {chart.table}"
           + (f" WHERE {chart.where}" if chart.where else "")
           + (f" GROUP BY {group}" if group else ""))
    with create_engine(live_emulator.url).connect() as conn:
        rows = conn.execute(text(sql)).all()
    assert rows and all(r[-1] is not None for r in rows)


def test_a_url_of_another_dialect_is_refused(capsys):
    from sqlalchemy_twilio.cli import main

    assert main(["superset-dashboard", "--url", "sqlite://", "-o", "/dev/null"]) == 1
    assert "not a twilio:// URL" in capsys.readouterr().err
