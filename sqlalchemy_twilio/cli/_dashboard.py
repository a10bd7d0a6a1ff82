"""``twilio-sql superset-dashboard``: the Superset dashboard export, to stdout or a file."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="twilio-sql superset-dashboard",
        description="Write a Superset dashboard of the account (calls and minutes per day, "
                    "cost per month by category, message delivery status, conferences and "
                    "participants now) as a ZIP for `superset import-dashboards`. The file "
                    "holds no credential: Superset reads them from TWILIO_* in its "
                    "environment, or they are added to the database's URI in Superset.")
    parser.add_argument("--url", help="the twilio:// URL whose options (base_url, page_size, "
                                      "…) the database keeps (default: $TWILIO_URL, else "
                                      "twilio://)")
    parser.add_argument("--database-name", default="Twilio",
                        help="the database's name in Superset (default: Twilio)")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the ZIP to FILE")
    return parser


def main(argv: Sequence[str]) -> int:
    from ..superset_dashboard import dashboard_zip, database_uri

    args = _parser().parse_args(argv)
    url = args.url or os.environ.get("TWILIO_URL") or "twilio://"
    try:
        uri, had_credentials = database_uri(url)
        data = dashboard_zip(url, args.database_name)
    except Exception as exc:  # the URL, said in one line
        print(f"twilio-sql: error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    if args.output is None and sys.stdout.isatty():
        print("twilio-sql: error: the dashboard is a ZIP file: redirect it (> twilio.zip) or "
              "give -o FILE", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        with open(args.output, "wb") as out:
            out.write(data)
    if had_credentials:
        print(f"twilio-sql: the database is {uri} in the file: its account and token are "
              "not written; Superset reads them from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN "
              "in its environment, or add them to the database's URI in Superset",
              file=sys.stderr)
    return 0
