"""A local emulator of Twilio's REST API (2010-04-01), for tests, benchmarks and demos.

It serves, below ``/2010-04-01/Accounts/{AccountSid}``, with Twilio's wire format and rules:

=================================================== ===================== ================
list path (and its instance path)                   methods               list key
=================================================== ===================== ================
``/Conferences.json`` (``/{Sid}.json``)             GET; GET POST         conferences
``/Conferences/{ConferenceSid}/Participants.json``  GET POST; GET POST    participants
(``/{CallSid}.json``, a call SID or a label)        DELETE
``/Conferences/{ConferenceSid}/Recordings.json``    GET; GET POST DELETE  recordings
(``/{Sid}.json``)
``/Recordings.json`` (``/{Sid}.json``)              GET; GET DELETE       recordings
``/Calls/{CallSid}/Recordings.json`` (``/{Sid}``)   GET POST; GET POST    recordings
                                                    DELETE
``/Calls.json`` (``/{Sid}.json``)                   GET POST; GET POST    calls
                                                    DELETE
``/Messages.json`` (``/{Sid}.json``)                GET POST; GET POST    messages
                                                    DELETE
``/Usage/Records.json`` and ``/Usage/Records/``     GET                   usage_records
``Daily|Monthly|Yearly|AllTime|Today|Yesterday|``
``ThisMonth|LastMonth.json``
=================================================== ===================== ================

Every other list of the spec is served from the spec itself (``_generic``), and
``/2010-04-01/Accounts.json`` (``/Accounts/{Sid}.json``: GET POST) lists the account and its
subaccounts, each with data of its own (``_accounts``). Each resource's module documents its
filters, order and write rules. Every list (but the countries with numbers for sale, whole
as the spec has it) is paged with ``PageSize`` (1–1000, default 50), ``Page`` and an opaque
``PageToken`` that marks a position, so writes during a scan neither skip nor repeat a
record. Every invalid parameter
is a 400 with Twilio's error JSON; an unknown SID a 404 (20404); a method a path does not
take a 405; a delete answers 204 with no body.

From the shell::

    python -m sqlalchemy_twilio.emulator --port 8080 --conferences 2500 --seed 1

prints one JSON line (``base_url``, ``account_sid``, ``auth_token``, ``url``) and serves until
stopped. Options: ``--host``, ``--port``, ``--conferences N``, ``--calls N``,
``--messages N``, ``--subaccounts N``, ``--seed S``, ``--until DATE``, ``--retention-days D``,
``--data FILE``,
``--latency-ms MS``, ``--fault-rate F``, ``--fault-status 429,503``, ``--retry-after S``,
``--ties sid|shuffled`` (how records sharing a timestamp are ordered).

From Python::

    with Emulator(conferences=500, seed=1, calls=2000, messages=3000) as emu:
        engine = create_engine(emu.url)
        ...
        emu.requests()                 # what the API was asked (a POST with its form)
        emu.table("/Calls.json")       # every record a list serves, newest first

``GET /_emulator/requests`` returns the request log over HTTP and ``POST /_emulator/reset``
clears it; neither needs credentials.
"""

from __future__ import annotations

from ._app import EmulatorApp, Fault
from ._server import Emulator

__all__ = ["Emulator", "EmulatorApp", "Fault"]
