"""``python -m sqlalchemy_twilio.cli``: the same as ``twilio-sql``."""

import sys

from . import main

sys.exit(main())
