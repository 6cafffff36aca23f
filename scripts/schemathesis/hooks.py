"""Schemathesis hooks for Linchpin's contract run (scripts/schemathesis.sh loads them).

The OpenAPI document states every rule JSON Schema can state. The rules below span several fields,
depend on the server's state or clock, or bound a map's keys, which OpenAPI 3.0 cannot say; the API
documents each in the operation's description and refuses a request breaking it (400, or 409 for
a state it depends on). A generated *valid* request is repaired to keep them before it is sent, as a
careful client would build it; invalid (negative) parts are never touched, so every check still
runs on every case. Each repair names the rule it keeps.
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import schemathesis
from schemathesis.core.parameters import ParameterLocation

# Log shippers post NDJSON: it travels as text, as text/plain does.
schemathesis.serializer.alias("application/x-ndjson", "text/plain")

PRIORITIES = ["P1", "P2", "P3", "P4", "P5"]
# A map's keys (labels) are 1-128 characters (OpenAPI 3.0 has no propertyNames).
MAX_LABEL_KEY = 128
# Fields that name an interval: the first must come before the second.
ORDERED_PAIRS = [("from", "to"), ("startsAt", "endsAt"), ("openedFrom", "openedTo")]
# The people what-if, on-call and shift ranges span at most 93 days.
MAX_SIMULATED_DAYS = 93
# SLA targets: acknowledged, then mitigated, then resolved.
SLA_ORDER = ["acknowledgeMinutes", "mitigateMinutes", "resolveMinutes"]


def _positive(case: Any, location: ParameterLocation) -> bool:
    meta = case.meta
    return meta is None or not meta.is_negative_at(location)


def _parse_instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def _order_interval(container: dict) -> None:
    """`from` before `to`, `startsAt` before `endsAt` (400 naming the second otherwise)."""
    for first, second in ORDERED_PAIRS:
        start, end = _parse_instant(container.get(first)), _parse_instant(container.get(second))
        if start is None or end is None or start.tzinfo is None or end.tzinfo is None:
            continue
        if end <= start:
            container[first], container[second] = container[second], container[first]
            if start == end:
                container[second] = (start + timedelta(hours=1)).isoformat()


def _query_interval(query: dict) -> None:
    """A `to` without `from` counts from now; a range spans at most 93 days (on-call, shifts)."""
    end = _parse_instant(query.get("to"))
    if end is not None and end.tzinfo is not None and "from" not in query:
        query["from"] = (end - timedelta(days=1)).isoformat()
    _order_interval(query)
    start, end = _parse_instant(query.get("from")), _parse_instant(query.get("to"))
    if start and end and start.tzinfo and end.tzinfo and end - start > timedelta(days=MAX_SIMULATED_DAYS):
        query["to"] = (start + timedelta(days=MAX_SIMULATED_DAYS)).isoformat()


def _literal(pattern: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", pattern) or "x"


def _walk(value: Any, visit) -> None:
    if isinstance(value, dict):
        visit(value)
        for item in list(value.values()):
            _walk(item, visit)
    elif isinstance(value, list):
        for item in value:
            _walk(item, visit)


def _repair_object(node: dict) -> None:
    # The JSON parser refuses `__proto__` and `constructor` keys anywhere in a body (prototype pollution).
    for key in ("__proto__", "constructor"):
        node.pop(key, None)
    _order_interval(node)
    labels = node.get("labels")
    if isinstance(labels, dict):
        for key in [k for k in labels if not 1 <= len(k) <= MAX_LABEL_KEY]:
            del labels[key]
    # Ids unique in their list: routing rules and log rules (`rules.1.id: already the id of rules.0`).
    for list_name in ("rules", "logRules"):
        items = node.get(list_name)
        if isinstance(items, list):
            seen: set = set()
            for index, item in enumerate(items):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    while item["id"] in seen:
                        item["id"] = f"{item['id'][:56]}-{index}"[:64]
                    seen.add(item["id"])
    # A proposal names each schedule or policy once (`schedules.1.scheduleId` otherwise).
    for list_name, key in (("schedules", "scheduleId"), ("policies", "policyId")):
        items = node.get(list_name)
        if isinstance(items, list):
            ids: set = set()
            for item in items:
                if isinstance(item, dict) and isinstance(item.get(key), str):
                    if item[key].lower() in ids:
                        item[key] = str(uuid.uuid4())
                    ids.add(item[key].lower())
    # A title or log pattern must compile on RE2: a generated one keeps its letters and digits only, a literal.
    when = node.get("when")
    if isinstance(when, dict) and isinstance(when.get("text"), str):
        when["text"] = _literal(when["text"])
    if isinstance(node.get("pattern"), str) and "threshold" in node:
        node["pattern"] = _literal(node["pattern"])
    # Team members: each onCallOrder once; a legacy member's name once (case-insensitive: each becomes a person).
    members = node.get("members")
    if isinstance(members, list):
        orders: set = set()
        names: set = set()
        for index, member in enumerate(members):
            if not isinstance(member, dict):
                continue
            if isinstance(member.get("onCallOrder"), int) and not isinstance(member["onCallOrder"], bool):
                while member["onCallOrder"] in orders:
                    member["onCallOrder"] += 1
                orders.add(member["onCallOrder"])
            if "personId" not in member and isinstance(member.get("name"), str):
                while member["name"].strip().lower() in names:
                    member["name"] = f"{member['name'][:190]} {index}"
                names.add(member["name"].strip().lower())
    # A window's end differs from its start (00:00-24:00 is the whole day).
    if isinstance(node.get("start"), str) and node.get("end") == node["start"]:
        node["end"] = "24:00"
    # The people what-if's business hours are within one day: the end after the start.
    if "timeZone" in node and "days" in node and isinstance(node.get("start"), str) and isinstance(node.get("end"), str):
        if node["end"] < node["start"]:
            node["start"], node["end"] = node["end"], node["start"]


def _person(body: dict) -> None:
    """A contact method's id is only ever one the server handed out; a rule names a contact method of the body."""
    methods = body.get("contactMethods")
    if isinstance(methods, list):
        for method in methods:
            if isinstance(method, dict):
                method.pop("id", None)
    rules = body.get("notificationRules")
    if isinstance(rules, list) and isinstance(methods, list) and methods:
        for index, rule in enumerate(rules):
            if isinstance(rule, dict):
                rule["contactMethod"] = index % len(methods)


def _post(path: str, payload: dict) -> dict | None:
    """A POST to the standalone under test, as the run's admin (the setup a client does before it calls an operation)."""
    base = os.environ.get("SCHEMATHESIS_BASE_URL")
    if not base:
        return None
    headers = {"Content-Type": "application/json"}
    auth = os.environ.get("SCHEMATHESIS_AUTH_HEADER")
    if auth and ":" in auth:
        name, value = auth.split(":", 1)
        headers[name.strip()] = value.strip()
    request = urllib.request.Request(f"{base}{path}", data=json.dumps(payload).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.load(response)


def _pagerduty_key() -> str | None:
    """A fresh integration of kind pagerduty: PagerDuty answers an unknown (or revoked: the run may revoke any) key with its own 400."""
    created = _post("/detection/integrations", {"name": "schemathesis", "kind": "pagerduty", "service": "checkout"})
    return created["key"] if created else None


# Incidents that exist, so an incident's operations reach their rules instead of a 404 for a random id.
SEEDED_INCIDENTS = 8
_incidents: list[str] = []


def _seeded_incident(choice: int) -> str | None:
    """One of a few incidents opened by alerts at first use; which one follows the generated id, so a seed replays the same calls."""
    while len(_incidents) < SEEDED_INCIDENTS:
        opened = _post("/detection/alerts", {
            "source": "schemathesis", "summary": f"Contract run incident {len(_incidents) + 1}", "severity": "critical",
            "labels": {"service": "checkout", "instance": f"seed-{len(_incidents)}"},
        })
        if not opened or not opened.get("incidentId"):
            return None
        _incidents.append(opened["incidentId"])
    return _incidents[choice % len(_incidents)]


INCIDENT_PATHS = re.compile(r"^/(coordination|triage|comms|review|detection)/incidents/\{(id|incidentId)\}")


def _monotone_cells(cells: Any) -> None:
    """Priority matrix: higher impact or urgency never lowers priority (rows and columns sorted, P1 first)."""
    if not (isinstance(cells, list) and all(isinstance(row, list) for row in cells)):
        return
    if not all(cell in PRIORITIES for row in cells for cell in row) or len({len(row) for row in cells}) != 1:
        return
    for row in cells:
        row.sort(key=PRIORITIES.index)
    for column in range(len(cells[0])):
        values = sorted((row[column] for row in cells), key=PRIORITIES.index)
        for row, value in zip(cells, values):
            row[column] = value


def _ordered_sla(targets: Any) -> None:
    if not isinstance(targets, dict):
        return
    for row in targets.values():
        if not isinstance(row, dict):
            continue
        present = [key for key in SLA_ORDER if isinstance(row.get(key), int) and not isinstance(row.get(key), bool)]
        for key, minutes in zip(present, sorted(row[key] for key in present)):
            row[key] = minutes


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    path = case.operation.path
    headers = case.headers
    # An Idempotency-Key stands for one request: a client sends a new one for each new body (422 otherwise).
    if headers is not None and _positive(case, ParameterLocation.HEADER):
        for name in list(headers):
            if name.lower() == "idempotency-key":
                headers[name] = str(uuid.uuid4())
    # The stateful phase follows links from response fields, null ones too (`alertId: null` while nothing fired):
    # a client does not call `/detection/alerts/null`; it names an alert that is not there.
    if isinstance(case.path_parameters, dict) and _positive(case, ParameterLocation.PATH):
        for name, value in list(case.path_parameters.items()):
            if value is None or value == "null":
                case.path_parameters[name] = str(uuid.uuid4())
    # Half of the valid calls on an incident name one that exists (the other half keep their 404s).
    match = INCIDENT_PATHS.match(path)
    if match and isinstance(case.path_parameters, dict) and _positive(case, ParameterLocation.PATH):
        name = match.group(2)
        generated = case.path_parameters.get(name)
        if isinstance(generated, str):
            digest = sum(generated.encode())
            if digest % 2 == 0:
                case.path_parameters[name] = _seeded_incident(digest // 2) or generated
    if isinstance(case.query, dict) and _positive(case, ParameterLocation.QUERY):
        # A cursor is only ever one the server handed out (400 `cursor` otherwise).
        case.query.pop("cursor", None)
        _query_interval(case.query)
    if _positive(case, ParameterLocation.BODY) and isinstance(case.body, (dict, list)):
        body = case.body
        _walk(body, _repair_object)
        if isinstance(body, dict):
            if path in ("/triage/priority-matrix",):
                _monotone_cells(body.get("cells"))
            if path == "/triage/simulate" and isinstance(body.get("matrix"), dict):
                _monotone_cells(body["matrix"].get("cells"))
            if path == "/coordination/sla-targets":
                _ordered_sla(body.get("targets"))
            # A snooze ends in the future (400 `until` otherwise).
            if path.endswith("/snooze") and _parse_instant(body.get("until")) is not None:
                until = _parse_instant(body["until"])
                if until.tzinfo is not None and until <= datetime.now(timezone.utc) + timedelta(minutes=1):
                    body["until"] = (datetime.now(timezone.utc) + timedelta(hours=2)).isoformat()
            # A token expires in the future (400 `expiresAt` otherwise).
            if path == "/coordination/api-tokens" and _parse_instant(body.get("expiresAt")) is not None:
                expires = _parse_instant(body["expiresAt"])
                if expires.tzinfo is not None and expires <= datetime.now(timezone.utc) + timedelta(minutes=1):
                    body["expiresAt"] = (datetime.now(timezone.utc) + timedelta(days=30)).isoformat()
            # A service cannot be renamed: a PUT's name, when given, is the path's.
            if path == "/triage/services/{name}" and "name" in body and isinstance(case.path_parameters, dict):
                body["name"] = case.path_parameters.get("name")
            if path.startswith("/coordination/people") and "contactMethods" in body:
                _person(body)
            if path == "/coordination/simulate":
                start, end = _parse_instant(body.get("from")), _parse_instant(body.get("to"))
                if start and end and start.tzinfo and end.tzinfo and end - start > timedelta(days=MAX_SIMULATED_DAYS):
                    body["to"] = (start + timedelta(days=MAX_SIMULATED_DAYS)).isoformat()
            # PagerDuty's alert and change routes: the key of a real integration (one key sends both, as in PagerDuty).
            if path.endswith(("/v2/enqueue", "/v2/change/enqueue")) and isinstance(body.get("routing_key"), str):
                body["routing_key"] = _pagerduty_key() or body["routing_key"]
