"""``python -m sqlalchemy_twilio.emulator``: the first stdout line, serving, stopping, --data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from ._helpers import run_emulator

DATA_ACCOUNT = "AC" + "0123456789abcdef" * 2


def test_cli_prints_connection_info_serves_and_stops_cleanly():
    with run_emulator("--port", "0", "--conferences", "2500", "--seed", "1") as (proc, info):
        assert {"base_url", "account_sid", "auth_token", "url"} <= set(info)
        assert info["base_url"].startswith("http://127.0.0.1:")
        assert info["account_sid"].startswith("AC") and len(info["account_sid"]) == 34
        url = urlsplit(info["url"])
        assert url.scheme == "twilio"
        assert url.username == info["account_sid"] and url.password == info["auth_token"]
        assert parse_qs(url.query)["base_url"] == [info["base_url"]]

        path = f"/2010-04-01/Accounts/{info['account_sid']}/Conferences.json"
        with httpx.Client(base_url=info["base_url"], timeout=10) as http:
            ok = http.get(path, params={"PageSize": 5},
                          auth=(info["account_sid"], info["auth_token"]))
            refused = http.get(path, auth=(info["account_sid"], "not-the-token"))
        assert ok.status_code == 200
        assert len(ok.json()["conferences"]) == 5
        assert ok.json()["conferences"][0]["account_sid"] == info["account_sid"]
        assert refused.status_code == 401
        proc.terminate()
        assert proc.wait(timeout=10) == 0
        assert "Traceback" not in proc.stderr.read()  # type: ignore[union-attr]


def _conference(sid: str, created: str, status: str) -> dict[str, Any]:
    base = f"/2010-04-01/Accounts/{DATA_ACCOUNT}/Conferences/{sid}"
    return {
        "account_sid": DATA_ACCOUNT, "api_version": "2010-04-01",
        "call_sid_ending_conference": None, "date_created": created, "date_updated": created,
        "friendly_name": f"room {sid[-2:]}", "reason_conference_ended":
            "last-participant-left" if status == "completed" else None,
        "region": "us1", "sid": sid, "status": status,
        "subresource_uris": {"participants": f"{base}/Participants.json",
                             "recordings": f"{base}/Recordings.json"},
        "uri": f"{base}.json",
    }


def test_cli_data_file_is_served_under_its_own_account(tmp_path: Path):
    sids = ["CF" + f"{i:02d}" * 16 for i in (11, 22, 33)]
    data = [
        _conference(sids[0], "Fri, 18 Feb 2011 19:26:50 +0000", "completed"),
        _conference(sids[1], "Mon, 22 Aug 2011 20:58:45 +0000", "in-progress"),
        _conference(sids[2], "Tue, 01 Mar 2011 00:00:00 +0000", "init"),
    ]
    file = tmp_path / "conferences.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    with run_emulator("--data", str(file)) as (_proc, info):
        assert info["account_sid"] == DATA_ACCOUNT
        auth = (info["account_sid"], info["auth_token"])
        with httpx.Client(base_url=info["base_url"], auth=auth, timeout=10) as http:
            listed = http.get(f"/2010-04-01/Accounts/{DATA_ACCOUNT}/Conferences.json").json()
            fetched = http.get(f"/2010-04-01/Accounts/{DATA_ACCOUNT}/Conferences/{sids[2]}.json")
            other = http.get(f"/2010-04-01/Accounts/AC{'f' * 32}/Conferences.json")
            in_progress = http.get(f"/2010-04-01/Accounts/{DATA_ACCOUNT}/Conferences.json",
                                   params={"Status": "in-progress"}).json()
    # Newest first: Aug 2011, Mar 2011, Feb 2011; records exactly as given.
    assert [r["sid"] for r in listed["conferences"]] == [sids[1], sids[2], sids[0]]
    assert listed["conferences"][0] == data[1]
    assert fetched.status_code == 200 and fetched.json() == data[2]
    assert other.status_code == 404
    assert [r["sid"] for r in in_progress["conferences"]] == [sids[1]]


def test_cli_rejects_a_data_file_mixing_accounts(tmp_path: Path):
    one = _conference("CF" + "1" * 32, "Fri, 18 Feb 2011 19:26:50 +0000", "init")
    two = dict(one, sid="CF" + "2" * 32, account_sid="AC" + "9" * 32)
    file = tmp_path / "mixed.json"
    file.write_text(json.dumps([one, two]), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "sqlalchemy_twilio.emulator", "--data",
                             str(file)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    assert "account_sid" in result.stderr
    assert result.stdout == ""


def test_cli_sizes_calls_and_messages_and_sets_the_retention_window():
    import datetime as dt

    with run_emulator("--conferences", "0", "--calls", "57", "--messages", "43",
                      "--retention-days", "400") as (_proc, info):
        base = f"/2010-04-01/Accounts/{info['account_sid']}"
        auth = (info["account_sid"], info["auth_token"])
        with httpx.Client(base_url=info["base_url"], auth=auth, timeout=10) as http:
            calls = http.get(f"{base}/Calls.json", params={"PageSize": 1000}).json()
            messages = http.get(f"{base}/Messages.json", params={"PageSize": 1000}).json()
            old = (dt.datetime.now(dt.timezone.utc).date() - dt.timedelta(days=401)).isoformat()
            outside = http.get(f"{base}/Messages.json", params={"DateSent<": old})
    assert len(calls["calls"]) == 57  # no conferences, so no conference legs
    assert len(messages["messages"]) == 43
    assert outside.status_code == 400 and outside.json()["code"] == 20004
    assert "400 days" in outside.json()["message"]


def test_cli_refuses_negative_sizes_and_a_zero_window():
    for args in (["--calls", "-1"], ["--messages", "-5"], ["--retention-days", "0"]):
        result = subprocess.run([sys.executable, "-m", "sqlalchemy_twilio.emulator", *args],
                                capture_output=True, text=True, timeout=30)
        assert result.returncode == 2, args
        assert args[0] in result.stderr and result.stdout == ""
