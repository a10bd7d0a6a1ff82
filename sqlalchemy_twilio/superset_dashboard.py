"""A Superset dashboard of a Twilio account, as the ZIP file ``superset import-dashboards``
loads: the database, a (virtual) dataset per table it charts, the charts of
:mod:`sqlalchemy_twilio.resources.dashboard`, and the dashboard laying them out.

    twilio-sql superset-dashboard > twilio.zip
    superset import-dashboards -p twilio.zip -u admin

The file never holds a credential. Its database is the ``twilio://`` URL given with its
options (``base_url``, ``page_size``, …) but without account and token: Superset's server
reads ``TWILIO_ACCOUNT_SID`` and ``TWILIO_AUTH_TOKEN`` (or an API key) from its environment,
or the database's URI is completed in Superset after the import, where Superset keeps the
token encrypted. Importing again replaces the dashboard and keeps the database as it was
edited: every object has a UUID derived from the database's name.
"""

from __future__ import annotations

import datetime as _dt
import io
import json
import uuid
import zipfile
from typing import Any

from sqlalchemy.engine import URL, make_url

from .resources import RESOURCES, ColumnType
from .resources.dashboard import CHARTS, DASHBOARD_TITLE, Chart

__all__ = ["dashboard_zip", "database_uri"]

_VERSION = "1.0.0"
_NAMESPACE = uuid.UUID("6f1d3c3e-2b7a-5d0e-9a43-5e1f0c7a2b19")
_TEMPORAL = frozenset({ColumnType.DATETIME, ColumnType.DATE})


def database_uri(url: str) -> tuple[str, bool]:
    """The URL as the export writes it: its options, not its credentials; and whether it
    had credentials to leave out."""
    parsed = make_url(url)
    if parsed.drivername != "twilio":
        raise ValueError(f"not a twilio:// URL: {parsed.drivername}://")
    had = parsed.username is not None or parsed.password is not None
    # A new URL of the options alone: nothing of the old one's user part can be carried over.
    bare = URL.create("twilio", query=parsed.query)
    return bare.render_as_string(hide_password=False), had


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _metric(label: str, sql: str) -> dict[str, Any]:
    return {"expressionType": "SQL", "sqlExpression": sql, "label": label,
            "hasCustomLabel": True, "optionName": f"metric_{label}"}


def _filters(chart: Chart) -> list[dict[str, Any]]:
    adhoc = []
    if chart.time_column and chart.time_range:
        adhoc.append({"expressionType": "SIMPLE", "clause": "WHERE",
                      "subject": chart.time_column, "operator": "TEMPORAL_RANGE",
                      "comparator": chart.time_range})
    if chart.where:
        adhoc.append({"expressionType": "SQL", "clause": "WHERE",
                      "sqlExpression": chart.where})
    return adhoc


def _form_data(chart: Chart) -> dict[str, Any]:
    metrics = [_metric(*m) for m in chart.metrics]
    form: dict[str, Any] = {"viz_type": chart.viz, "adhoc_filters": _filters(chart),
                            "row_limit": 10000}
    if chart.grain:
        form.update(x_axis=chart.time_column, time_grain_sqla=chart.grain, metrics=metrics,
                    groupby=list(chart.groupby), show_legend=True, rich_tooltip=True)
    elif chart.groupby:
        form.update(metric=metrics[0], groupby=list(chart.groupby), show_legend=True,
                    label_type="key_value_percent")
    else:
        form.update(metric=metrics[0], header_font_size=0.4, subheader_font_size=0.15,
                    y_axis_format="SMART_NUMBER")
    return form


def _query(chart: Chart) -> dict[str, Any]:
    """The chart's query as Superset saves it, so its data can be had from the API."""
    columns: list[Any] = list(chart.groupby)
    if chart.grain:
        columns.insert(0, {"timeGrain": chart.grain, "columnType": "BASE_AXIS",
                           "sqlExpression": chart.time_column, "label": chart.time_column,
                           "expressionType": "SQL"})
    filters = []
    if chart.time_column and chart.time_range:
        filters.append({"col": chart.time_column, "op": "TEMPORAL_RANGE",
                        "val": chart.time_range})
    return {"columns": columns, "metrics": [_metric(*m) for m in chart.metrics],
            "filters": filters, "extras": {"where": chart.where or ""},
            "series_columns": list(chart.groupby) if chart.grain else [],
            "orderby": [], "row_limit": 10000}


def _dataset(table: str, database_uuid: str, database_name: str) -> dict[str, Any]:
    resource = RESOURCES[table]
    columns = [{"column_name": c.name, "type": c.type.value,
                "is_dttm": c.type in _TEMPORAL, "groupby": True, "filterable": True,
                "description": c.description or None}
               for c in resource.columns if not c.hidden]
    temporal = [c["column_name"] for c in columns if c["is_dttm"]]
    # A virtual dataset, named for its database: a Superset whose metadata is in SQLite
    # keeps dataset names unique across databases, so a physical "Calls" made by hand for
    # another database would fail the import. SQLite flattens the subquery, so every filter
    # still reaches Twilio.
    return {"table_name": f"{table} ({database_name})", "schema": "main",
            "sql": f'SELECT * FROM "{table}"',
            "normalize_columns": False, "always_filter_main_dttm": False,
            "main_dttm_col": temporal[0] if temporal else None,
            "description": resource.description, "columns": columns, "metrics": [
                {"metric_name": "count", "verbose_name": "COUNT(*)", "metric_type": "count",
                 "expression": "COUNT(*)"}],
            "uuid": _uuid(database_name, "dataset", table), "database_uuid": database_uuid,
            "version": _VERSION}


def _position(charts: list[tuple[Chart, str]]) -> dict[str, Any]:
    position: dict[str, Any] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": DASHBOARD_TITLE}},
    }
    row: list[str] = []
    width = 12
    for n, (chart, chart_uuid) in enumerate(charts, 1):
        if width + chart.width > 12:  # a new row
            row_id = f"ROW-{n}"
            position["GRID_ID"]["children"].append(row_id)
            position[row_id] = {"type": "ROW", "id": row_id, "children": [],
                                "parents": ["ROOT_ID", "GRID_ID"],
                                "meta": {"background": "BACKGROUND_TRANSPARENT"}}
            row, width = position[row_id]["children"], 0
            parent = row_id
        chart_id = f"CHART-{n}"
        row.append(chart_id)
        width += chart.width
        position[chart_id] = {"type": "CHART", "id": chart_id, "children": [],
                              "parents": ["ROOT_ID", "GRID_ID", parent],
                              "meta": {"width": chart.width, "height": 50, "chartId": n,
                                       "uuid": chart_uuid, "sliceName": chart.title}}
    return position


def _yaml(document: dict[str, Any]) -> str:
    # JSON is YAML: Superset reads these files with yaml.safe_load.
    return json.dumps(document, indent=2, sort_keys=False) + "\n"


def dashboard_zip(url: str, database_name: str = "Twilio") -> bytes:
    """The export, for a database of this ``twilio://`` URL (whose credentials are left
    out) under this name in Superset."""
    uri, _ = database_uri(url)
    database_uuid = _uuid(database_name, "database")
    root = "twilio_dashboard"
    files: dict[str, dict[str, Any]] = {
        "metadata.yaml": {"version": _VERSION, "type": "Dashboard",
                          "timestamp": _dt.datetime.now(_dt.timezone.utc).isoformat()},
        f"databases/{database_name}.yaml": {
            "database_name": database_name, "sqlalchemy_uri": uri, "cache_timeout": None,
            "expose_in_sqllab": True, "allow_run_async": False, "allow_ctas": False,
            "allow_cvas": False, "allow_dml": False, "allow_csv_upload": False,
            "extra": {"allows_virtual_table_explore": True}, "uuid": database_uuid,
            "version": _VERSION},
    }
    charts = []
    for chart in CHARTS:
        dataset = _dataset(chart.table, database_uuid, database_name)
        files[f"datasets/{database_name}/{chart.table}.yaml"] = dataset
        chart_uuid = _uuid(database_name, "chart", chart.title)
        form = _form_data(chart)
        query_context = {"datasource": {"id": 0, "type": "table"}, "force": False,
                         "queries": [_query(chart)], "form_data": form,
                         "result_format": "json", "result_type": "full"}
        files[f"charts/{chart.title.replace(' ', '_')}.yaml"] = {
            "slice_name": chart.title, "description": chart.description or None,
            "viz_type": chart.viz, "params": form, "query_context": json.dumps(query_context),
            "cache_timeout": None, "uuid": chart_uuid, "dataset_uuid": dataset["uuid"],
            "version": _VERSION}
        charts.append((chart, chart_uuid))
    files["dashboards/Twilio_account.yaml"] = {
        "dashboard_title": DASHBOARD_TITLE, "description": None, "css": "",
        "slug": "twilio", "uuid": _uuid(database_name, "dashboard"),
        "position": _position(charts), "published": True, "version": _VERSION,
        "metadata": {"color_scheme": "", "refresh_frequency": 0, "expanded_slices": {},
                     "label_colors": {}, "timed_refresh_immune_slices": [],
                     "cross_filters_enabled": True, "default_filters": "{}",
                     "chart_configuration": {}, "native_filter_configuration": []}}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, document in files.items():
            bundle.writestr(f"{root}/{name}", _yaml(document))
    return buffer.getvalue()
