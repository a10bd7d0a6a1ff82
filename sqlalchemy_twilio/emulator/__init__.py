"""A local emulator of Twilio's Conferences API, for tests, benchmarks and demos.

From the shell::

    python -m sqlalchemy_twilio.emulator --port 8080 --conferences 2500 --seed 1

prints one JSON line (``base_url``, ``account_sid``, ``auth_token``, ``url``) and serves until
stopped. Options: ``--host``, ``--port``, ``--conferences N``, ``--seed S``, ``--until DATE``,
``--data FILE``, ``--latency-ms MS``, ``--fault-rate F``, ``--fault-status 429,503``,
``--retry-after S``.

From Python::

    with Emulator(conferences=500, seed=1) as emu:
        engine = create_engine(emu.url)
        ...
        emu.requests()   # what the API was asked

``GET /_emulator/requests`` returns the request log over HTTP and ``POST /_emulator/reset``
clears it; neither needs credentials.
"""

from __future__ import annotations

from ._app import EmulatorApp, Fault
from ._server import Emulator

__all__ = ["Emulator", "EmulatorApp", "Fault"]
