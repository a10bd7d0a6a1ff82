"""The charts of the Superset dashboard ``twilio-sql superset-dashboard`` exports, as data.

Each chart is one table, the metrics it shows as SQL, and how Superset draws them; the
export (:mod:`sqlalchemy_twilio.superset_dashboard`) turns them into Superset's files. Every
time filter is one the planner sends to Twilio, so a chart reads the range it shows and no
more.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Chart", "DASHBOARD_TITLE", "CHARTS"]

DASHBOARD_TITLE = "Twilio account"


@dataclass(frozen=True)
class Chart:
    title: str
    table: str
    #: Superset's chart type (``viz_type``).
    viz: str
    #: (label, SQL expression) of each metric.
    metrics: tuple[tuple[str, str], ...]
    groupby: tuple[str, ...] = ()
    #: The time axis of a time series, or the column the time range filters on.
    time_column: str | None = None
    #: The time series' grain (Superset's ISO 8601 durations: P1D, P1M).
    grain: str | None = None
    #: Superset's time range ("Last month"): what the chart shows until changed.
    time_range: str | None = None
    #: A SQL condition on the table's rows.
    where: str | None = None
    #: Of the dashboard's 12 columns.
    width: int = 6
    description: str = ""


CHARTS: tuple[Chart, ...] = (
    Chart("Calls and minutes per day", "Calls", "echarts_timeseries_line",
          (("calls", "COUNT(*)"), ("minutes", "COALESCE(SUM(Duration), 0) / 60.0")),
          time_column="StartTime", grain="P1D", time_range="Last month",
          description="Calls by the day they started, and their minutes."),
    Chart("Cost per month by category", "UsageRecordsMonthly", "echarts_timeseries_bar",
          (("cost", "SUM(Price)"),), groupby=("Category",), time_column="StartDate",
          grain="P1M", time_range="Last year",
          # Categories nest (calls is calls-inbound plus calls-outbound, totalprice the sum
          # of the top-level ones): the top level alone adds up to what was billed.
          where="Category <> 'totalprice' AND Category NOT LIKE '%-%'",
          description="What Twilio billed each month, by top-level usage category."),
    Chart("Message delivery status", "Messages", "pie", (("messages", "COUNT(*)"),),
          groupby=("Status",), time_column="DateSent", time_range="Last month",
          description="Messages sent in the last month, by status."),
    Chart("Conferences now", "Conferences", "big_number_total",
          (("conferences", "COUNT(*)"),), where="Status = 'in-progress'", width=3,
          description="Conferences in progress."),
    Chart("Participants now", "ConferenceParticipants", "big_number_total",
          (("participants", "COUNT(*)"),), width=3,
          description="Participants connected to a conference that is not completed."),
)
