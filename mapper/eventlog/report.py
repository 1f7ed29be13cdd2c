"""What ``fit`` prints: one JSON document, and the text and Markdown views of it.

The JSON is the single source: text and Markdown are rendered from it, so
the three never disagree.  Numbers are rounded to 6 significant digits, so
the output is the same bytes for the same inputs.
"""
from __future__ import annotations

import json
import os
from typing import Any, Optional

from .calibration import ALPHA, Calibration
from .counts import Counts
from .estimate import Estimates, Share, TouchpointEstimate


def _round(value: float) -> float:
    return float(f"{value:.6g}")


def _share(share: Optional[Share]) -> Optional[dict[str, Any]]:
    if share is None:
        return None
    return {"count": share.count, "total": share.total, "value": _round(share.value),
            "low": _round(share.low), "high": _round(share.high)}


def display_path(path: str) -> str:
    """Relative to the working folder when under it, else the file name (never absolute)."""
    relative = os.path.relpath(os.path.abspath(path))
    return relative if not relative.startswith("..") else os.path.basename(path)


def _touchpoint(est: TouchpointEstimate) -> dict[str, Any]:
    item: dict[str, Any] = {"id": est.id, "visits": est.visits, "reach": _share(est.reach)}
    if est.entry is not None and est.entry.count:
        item["entry"] = _share(est.entry)
    if est.next:
        item["next"] = {key: _share(share) for key, share in est.next.items()}
    if est.transitions:
        item["transitions"] = dict(sorted(est.transitions.items()))
    if est.dropped is not None and est.dropped.count:
        item["dropped"] = _share(est.dropped)
    if est.lost:
        item["lost"] = est.lost
    if est.likelihood is not None:
        item["likelihood"] = _share(est.likelihood)
    if est.complaints:
        item["complaints"] = est.complaints
    if est.complaint_share is not None:
        item["complaint_share"] = _share(est.complaint_share)
    if est.resolution is not None:
        item["resolution"] = _share(est.resolution)
    if est.hours is not None:
        item["hours"] = {"count": est.hours.count, "mean": _round(est.hours.mean),
                         "low": _round(est.hours.low), "high": _round(est.hours.high)}
    return item


def _estimates(estimates: Estimates) -> dict[str, Any]:
    return {"cases": estimates.cases,
            "touchpoints": [_touchpoint(est) for est in estimates.touchpoints.values()
                            if est.visits]}


def _calibration(cal: Calibration) -> dict[str, Any]:
    def test(t: Any) -> dict[str, Any]:
        return {"touchpoint": t.touchpoint, "g": _round(t.statistic), "df": t.df,
                "p_value": _round(t.p_value)}

    return {
        "fits": cal.fits,
        "alpha": ALPHA,
        "g_test": test(cal.total),
        "touchpoints": [test(t) for t in cal.tests],
        "checks": [{"touchpoint": c.touchpoint, "quantity": c.quantity,
                    "model": _round(c.model), "observed": _share(c.observed),
                    "outside": c.outside} for c in cal.checks],
        "unseen_edges": [{"from": a, "to": b, "model": _round(p), "visits": v}
                         for a, b, p, v in cal.unseen],
        "missing_transitions": [{"from": a, "to": b, "count": n, "share": _round(s)}
                                for a, b, n, s in cal.missing],
    }


def fit_document(journey: Any, counts: Counts, estimates: Estimates,
                 calibration: Optional[Calibration]) -> dict[str, Any]:
    data: dict[str, Any] = {
        "files": [{"path": display_path(path), "rows": rows}
                  for path, rows in zip(counts.files, counts.rows)],
        "period": {"from": counts.first_time.isoformat(sep=" ") if counts.first_time else None,
                   "to": counts.last_time.isoformat(sep=" ") if counts.last_time else None},
        "cases": estimates.cases,
        "unmapped": [{"activity": name, "events": n} for name, n in estimates.unmapped],
    }
    document: dict[str, Any] = {"journey": journey.id, "file": display_path(journey.path),
                                "data": data, **_estimates(estimates)}
    if estimates.segments:
        document["segments"] = {name: _estimates(seg) for name, seg in estimates.segments.items()}
    if calibration is not None:
        document["calibration"] = _calibration(calibration)
    return document


def render_json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# ---- text and Markdown ------------------------------------------------------

def _pct(share: Optional[dict[str, Any]]) -> str:
    if share is None:
        return ""
    return f"{share['value']:.3f} [{share['low']:.3f}, {share['high']:.3f}]"


def _rows(document: dict[str, Any]) -> list[list[str]]:
    rows = [["touchpoint", "visits", "reach [90%]", "likelihood [90%]", "next (share)"]]
    for item in document["touchpoints"]:
        nxt = ", ".join(f"{key} {share['value']:.2f}" for key, share in item.get("next", {}).items())
        extra = ""
        if "resolution" in item:
            extra = f"resolved {_pct(item['resolution'])}"
            if "hours" in item:
                extra += f", {item['hours']['mean']:.1f} h"
        rows.append([item["id"], str(item["visits"]), _pct(item["reach"]),
                     _pct(item.get("likelihood")), nxt or extra])
    return rows


def _check_rows(document: dict[str, Any], limit: int) -> list[list[str]]:
    rows = [["", "touchpoint", "figure", "model", "data [90%]"]]
    for check in document["calibration"]["checks"][:limit]:
        rows.append(["!" if check["outside"] else "", check["touchpoint"], check["quantity"],
                     f"{check['model']:.3f}", _pct(check["observed"])])
    return rows


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _markdown_table(rows: list[list[str]]) -> str:
    def line(row: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |"

    return "\n".join([line(rows[0]), "|" + "---|" * len(rows[0])] +
                     [line(row) for row in rows[1:]]) + "\n"


def _headline(document: dict[str, Any]) -> list[str]:
    data = document["data"]
    files = ", ".join(f"{f['path']} ({f['rows']} rows)" for f in data["files"])
    lines = [f"data: {files}",
             f"period: {data['period']['from']} .. {data['period']['to']}",
             f"cases: {data['cases']}"]
    if data["unmapped"]:
        shown = ", ".join(f"{u['activity']} ({u['events']})" for u in data["unmapped"][:10])
        more = len(data["unmapped"]) - 10
        lines.append(f"unmapped activities: {shown}" + (f", and {more} more" if more > 0 else ""))
    return lines


def _calibration_lines(document: dict[str, Any]) -> list[str]:
    cal = document.get("calibration")
    if cal is None:
        return []
    g = cal["g_test"]
    verdict = ("the journey fits the data" if cal["fits"] else
               "the journey does NOT fit the data")
    flagged = sum(1 for c in cal["checks"] if c["outside"])
    lines = [f"G-test: G = {g['g']:.2f}, df = {g['df']}, p = {g['p_value']:.3g}: {verdict} "
             f"(at p < {cal['alpha']})",
             f"{flagged} of {len(cal['checks'])} model figures lie outside the data's 90% "
             "interval (about 1 in 10 does by chance)"]
    for edge in cal["unseen_edges"]:
        lines.append(f"never seen: {edge['from']} -> {edge['to']} (model share "
                     f"{edge['model']:.3f}, {edge['visits']} visits at {edge['from']})")
    for move in cal["missing_transitions"][:10]:
        lines.append(f"not in the journey: {move['from']} -> {move['to']} ({move['count']} "
                     f"times, {move['share']:.3f} of the visits)")
    return lines


def render_text(document: dict[str, Any]) -> str:
    parts = [f"{document['journey']} — {document['file']}", *_headline(document), "",
             _table(_rows(document))]
    if "calibration" in document:
        parts += ["calibration", *_calibration_lines(document), "",
                  _table(_check_rows(document, 20))]
    return "\n".join(parts).rstrip("\n") + "\n"


def render_markdown(document: dict[str, Any]) -> str:
    parts = [f"## Fit of `{document['journey']}` ({document['file']})", "",
             *(f"- {line}" for line in _headline(document)), "",
             _markdown_table(_rows(document))]
    if "calibration" in document:
        parts += ["### Calibration", "", *(f"- {line}" for line in _calibration_lines(document)),
                  "", _markdown_table(_check_rows(document, 50))]
    return "\n".join(parts).rstrip("\n") + "\n"
