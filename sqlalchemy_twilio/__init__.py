"""sqlalchemy-twilio: query and manage a Twilio account with SQL.

``create_engine("twilio://ACxxx:token@/")`` gives a SQLAlchemy engine whose tables are Twilio
resources. See :mod:`sqlalchemy_twilio.dialect` for the URL forms and options.
"""

__version__ = "0.1.0"
