"""Turn a parsed journey file into a validated :class:`Journey`.

Two passes, both collecting every problem: the declarative schema checks keys,
types and ranges; then the rules that need the whole journey (references,
shares that must sum to 1, loops nobody can leave, catalog merges).
"""
from __future__ import annotations

from typing import Any, Optional, Protocol

from ..core.errors import JourneyError, Problem, did_you_mean
from ..graph import closed_loops
from ..loader.yamlfile import LMap, LSeq
from ..core.paths import shown
from .convert import (calibration_of, effect_changes, evidence_of, failure_modes_of, next_pairs,
                      next_ranges, owner_of, plain, ranged, resolution_of)
from .journey import (Action, Economics, Journey, Promise, Segment, SegmentOverride, Stage,
                      Touchpoint)
from .schema import CATALOG_ENTRY, JOURNEY, RISK_SOURCES
from .spec import INVALID, Problems, Where


def apply_actions(tp: Touchpoint, chosen: set[str]) -> Touchpoint:
    """``tp`` with the effects of its actions in ``chosen`` applied, in file order.

    Failure modes in an effect replace the touchpoint's modes of the same
    name and add the others, so two actions on different modes of one
    touchpoint combine; every other key is replaced.
    """
    from dataclasses import replace

    for action in tp.actions:
        if action.id not in chosen or not action.changes:
            continue
        changes: dict[str, Any] = dict(action.changes)
        if changes.get("failure_modes") and tp.failure_modes:
            merged = {mode.name: mode for mode in tp.failure_modes}
            for mode in changes["failure_modes"]:
                merged[mode.name] = mode
            changes["failure_modes"] = tuple(merged.values())
        tp = replace(tp, **changes)
    return tp


PROBABILITY_TOLERANCE = 1e-9
SHARE_TOLERANCE = 1e-6
#: the most touchpoints (outcomes included) one journey may have: every
#: command then finishes within its time and memory bounds (see the README's
#: limits); no reader follows a map of more, and a larger one is rejected
#: before any other work
MAX_TOUCHPOINTS = 10_000
OUTCOME_KEYS = {"name", "outcome", "stage", "description", "notes"}


class CatalogLookup(Protocol):
    """Finds and parses catalog entries for ``use:`` (see load.catalog)."""

    memo: dict[str, Any]

    def locate(self, use: Any) -> tuple[Optional[str], Optional[str]]: ...

    def tree(self, path: str) -> Any: ...


def catalog_entry(catalog: CatalogLookup, use: Any, where: Where,
                  out: Problems) -> tuple[Optional[LMap], Optional[str]]:
    """The validated catalog entry for ``use`` and its path; problems go to ``out``."""
    path, message = catalog.locate(use)
    if path is None:
        out.add(where, message or f"unknown catalog entry '{use}'")
        return None, None
    if path not in catalog.memo:
        try:
            tree = catalog.tree(path)
        except JourneyError as exc:
            catalog.memo[path] = exc.problems
        else:
            problems = Problems()
            if not isinstance(tree, LMap):
                problems.add(Where(shown(path), 1, 1), "a catalog entry must be a mapping of keys")
                catalog.memo[path] = problems.items
            else:
                entry = CATALOG_ENTRY.validate(
                    tree, Where(shown(path), 1, 1, f"catalog entry '{use}'"), problems)
                catalog.memo[path] = problems.items if problems else entry
    cached = catalog.memo[path]
    if isinstance(cached, list):
        out.items.extend(cached)
        out.add(where, f"catalog entry '{use}' has errors (reported at {shown(path)})")
        return None, None
    return cached, path


def build_journey(tree: Any, source: str, catalog: CatalogLookup) -> Journey:
    """Validate a parsed file; raise JourneyError with every problem found."""
    out = Problems()
    where = Where(source, 1, 1)
    if tree is None:
        raise JourneyError([Problem(source, 1, 1, (
            "file is empty; a journey needs at least 'journey', 'stages' and 'touchpoints'"))])
    if not isinstance(tree, LMap):
        kind = "a list" if isinstance(tree, LSeq) else "a single value"
        raise JourneyError([Problem(source, 1, 1, (
            f"the top level must be a mapping of keys (journey:, stages:, touchpoints:), "
            f"not {kind}"))])
    raw = tree.get("touchpoints")
    if isinstance(raw, LMap) and len(raw) > MAX_TOUCHPOINTS:
        line, column = tree.key_mark("touchpoints")
        raise JourneyError([Problem(source, line, column, (
            f"the journey has {len(raw):,} touchpoints; a journey may have at most "
            f"{MAX_TOUCHPOINTS:,}, so that every command finishes in bounded time and "
            "memory: split it into several journeys"))])
    data = JOURNEY.validate(tree, where, out)
    if data is INVALID:  # a required top-level key is missing or unusable
        data = LMap(source, 1, 1)
        data.key_marks, data.value_marks = tree.key_marks, tree.value_marks
        # keep every top-level key that is valid on its own (segments,
        # entry, ...), so the cross-checks raise no follow-on errors
        for key in tree:
            if key in JOURNEY.by_name:
                spec = JOURNEY.by_name[key].spec
                checked = spec.validate(tree[key], where.at(tree.value_mark(key)), Problems())
                if checked is not INVALID:
                    data[key] = checked
        _Builder(data, tree, source, catalog, out).references_only()
        raise JourneyError(out.items)
    journey = _Builder(data, tree, source, catalog, out).build()
    if out:
        raise JourneyError(out.items)
    assert journey is not None
    return journey


class _Builder:
    def __init__(self, data: LMap, tree: LMap, source: str, catalog: CatalogLookup,
                 out: Problems):
        self.data = data
        self.tree = tree
        self.source = source
        self.catalog = catalog
        self.out = out
        self.catalog_files: dict[str, str] = {}
        raw = tree.get("touchpoints")
        self.raw_touchpoint_ids: set[str] = set(raw) if isinstance(raw, LMap) else set()

    def where(self, container: Any, key: Any = None, label: str = "",
              value: bool = True) -> Where:
        if key is None:
            return Where(self.source, container.line, container.column, label)
        if isinstance(container, LSeq):
            return Where(self.source, *container.item_mark(key), label)
        mark = container.value_mark(key) if value else container.key_mark(key)
        return Where(self.source, mark[0], mark[1], label)

    def error(self, where: Where, message: str) -> None:
        self.out.add(where, message)

    # -- the journey ---------------------------------------------------------
    def build(self) -> Optional[Journey]:
        data = self.data
        stages = self._stages(data.get("stages", LSeq(self.source, 1, 1)))
        segments = self._segments(data)
        raw_touchpoints = data.get("touchpoints", LMap(self.source, 1, 1))
        touchpoints: dict[str, Touchpoint] = {}
        merged: dict[str, LMap] = {}
        for tid, body in raw_touchpoints.items():
            label = f"touchpoint '{tid}'"
            merged_body = self._merge_catalog(tid, body, label)
            merged[tid] = merged_body
            touchpoint = self._touchpoint(tid, merged_body, label, stages, segments)
            if touchpoint is not None:
                touchpoints[tid] = touchpoint
        ids = list(raw_touchpoints)
        self._references(raw_touchpoints, merged, touchpoints, ids)
        entry = self._entry(data, ids, touchpoints)
        complaints = data.get("complaints")
        if complaints is not None:
            self._ref(complaints, ids, self.where(data, "complaints"), "complaint channel",
                      touchpoints, must_be_channel=True)
        self._shares(data, segments)
        self._action_references(raw_touchpoints, merged, touchpoints, ids)
        if self.out:
            return None
        as_written = {tid: tp for tid, tp in touchpoints.items()
                      if any(a.status == "done" for a in tp.actions)}
        for tid, tp in as_written.items():
            touchpoints[tid] = apply_actions(tp, {a.id for a in tp.actions if a.status == "done"})
        order = {sid: index for index, sid in enumerate(stages)}
        ordered = sorted(
            enumerate(touchpoints.values()),
            key=lambda item: (order.get(item[1].stage, len(order)) if item[1].stage else len(order),
                              item[0]))
        economics = None
        if "economics" in data:
            econ = data["economics"]
            economics = Economics(econ.get("currency", "EUR"), econ.get("customer_value"),
                                  econ.get("acquisition_cost"))
        lint = data.get("lint", {})
        journey = Journey(
            id=data["journey"],
            title=data.get("title", data["journey"]),
            path=self.source,
            language=data.get("language", "en"),
            cohort=data.get("cohort", 1000),
            stages=tuple(stages.values()),
            touchpoints={tp.id: tp for _, tp in ordered},
            entry=entry,
            description=data.get("description"),
            notes=data.get("notes"),
            economics=economics,
            segments=segments,
            complaints=complaints,
            lint_disable=frozenset(lint.get("disable", ())),
            catalog_files=dict(sorted(self.catalog_files.items())),
            line=self.tree.key_mark("journey")[0],
            as_written=as_written,
            calibration=calibration_of(data.get("calibration")),
        )
        self._closed_loops(journey)
        return None if self.out else journey

    def references_only(self) -> None:
        """Best-effort cross-checks when the top level itself is broken."""
        try:
            self.build()
        except (KeyError, TypeError, AttributeError):  # pragma: no cover - defensive
            pass

    def raw_stage_ids(self) -> list[str]:
        """Stage ids as written, valid or not (to avoid follow-on 'unknown stage')."""
        raw = self.tree.get("stages")
        if not isinstance(raw, LSeq):
            return []
        return [item["id"] for item in raw if isinstance(item, LMap) and isinstance(item.get("id"), str)]

    def _stages(self, raw: LSeq) -> dict[str, Stage]:
        stages: dict[str, Stage] = {}
        for index, item in enumerate(raw):
            sid = item["id"]
            if sid in stages:
                self.error(self.where(item, "id", f"stage '{sid}'"),
                           f"duplicate stage id (first given at line {stages[sid].line})")
                continue
            stages[sid] = Stage(sid, item["aspect"], item.get("name", sid),
                                raw.item_mark(index)[0], item.get("description"))
        return stages

    def _segments(self, data: LMap) -> dict[str, Segment]:
        raw = data.get("segments", {})
        return {sid: Segment(sid, body["share"], body.get("value"), body.get("name"))
                for sid, body in raw.items()}

    def _shares(self, data: LMap, segments: dict[str, Segment]) -> None:
        if segments:
            total = sum(s.share for s in segments.values())
            if abs(total - 1) > SHARE_TOLERANCE:
                self.error(self.where(self.tree, "segments", value=False),
                           f"segment shares must sum to 1, they sum to {total:.6g}")

    # -- catalog -------------------------------------------------------------
    def _merge_catalog(self, tid: str, body: LMap, label: str) -> LMap:
        if "use" not in body:
            return body
        use_where = self.where(body, "use", label)
        entry, path = catalog_entry(self.catalog, body["use"], use_where, self.out)
        if entry is None or path is None:
            return body
        self.catalog_files[body["use"]] = path
        own_risk = any(key in body for key in RISK_SOURCES)
        merged = LMap(body.source, body.line, body.column)
        use_mark = body.value_mark("use")
        for key, value in entry.items():
            if key in ("aspect",):
                continue
            if own_risk and (key in RISK_SOURCES or (key == "severity" and "failure_modes" in body)):
                continue  # the touchpoint's own risk replaces the entry's
            merged[key] = value
            merged.key_marks[key] = use_mark
            merged.value_marks[key] = use_mark
        for key, value in body.items():
            merged[key] = value
            merged.key_marks[key] = body.key_mark(key)
            merged.value_marks[key] = body.value_mark(key)
        return merged

    # -- one touchpoint --------------------------------------------------------
    def _touchpoint(self, tid: str, body: LMap, label: str, stages: dict[str, Stage],
                    segments: dict[str, Segment]) -> Optional[Touchpoint]:
        ok = True
        outcome = body.get("outcome")
        if outcome is not None:
            for key in body:
                if key not in OUTCOME_KEYS and key != "use":
                    self.error(self.where(body, key, label, value=False), (
                        f"'{key}' is not allowed on an outcome; an outcome ends the journey "
                        f"(allowed: {', '.join(sorted(OUTCOME_KEYS))})"))
                    ok = False
        sources = [key for key in RISK_SOURCES if key in body]
        if len(sources) > 1:
            self.error(self.where(body, sources[1], label, value=False), (
                f"give one of likelihood, failure_modes or evidence, not both "
                f"'{sources[0]}' and '{sources[1]}'"))
            ok = False
        if "failure_modes" in body and "severity" in body:
            if "use" in body and body.key_mark("failure_modes") == body.value_mark("use"):
                message = (f"severity cannot be combined with the failure modes of catalog "
                           f"entry '{body['use']}'; give likelihood too, or your own "
                           "failure_modes")
            else:
                message = ("severity comes from the failure modes; give it on each failure "
                           "mode, not on the touchpoint")
            self.error(self.where(body, "severity", label, value=False), message)
            ok = False
        # keys as written: one that is present but invalid (already reported)
        # must not cause follow-on errors such as "missing required key"
        raw_touchpoints = self.tree.get("touchpoints")
        written = raw_touchpoints.get(tid) if isinstance(raw_touchpoints, LMap) else None
        written = written if isinstance(written, LMap) else {}
        kind = body.get("kind", "touchpoint")
        if "kind" in written and "kind" not in body:
            ok = False  # an invalid kind: what this touchpoint is remains unknown
        elif "resolution" in body and kind != "complaint_channel":
            self.error(self.where(body, "resolution", label, value=False), (
                "resolution is only for complaint channels; add 'kind: complaint_channel'"))
            ok = False
        stage = body.get("stage")
        if stage is None and outcome is None:
            if "stage" not in written and "outcome" not in written:
                self.error(self.where(body, None, label), "missing required key 'stage'")
            ok = False
        elif stage is not None and "stages" in self.data and stage not in stages \
                and stage not in self.raw_stage_ids():
            self.error(self.where(body, "stage", label),
                       f"unknown stage '{stage}'" + did_you_mean(stage, list(stages)))
            ok = False
        overrides: dict[str, SegmentOverride] = {}
        for sid, override in body.get("segments", {}).items():
            if sid not in segments:
                hint = did_you_mean(sid, list(segments)) if segments else \
                    " (the journey defines no segments)"
                self.error(self.where(body["segments"], sid, label, value=False),
                           f"unknown segment '{sid}'{hint}")
                ok = False
                continue
            overrides[sid] = SegmentOverride(override.get("likelihood"),
                                             override.get("severity"), override.get("emotion"))
        if not ok:
            return None
        promises = tuple(
            Promise(p["id"], p["text"], p["kept_at"], tid, *body["promises"].item_mark(i))
            for i, p in enumerate(body.get("promises", ())))
        line, column = self.tree["touchpoints"].key_mark(tid)
        return Touchpoint(
            id=tid, name=body.get("name", tid), stage=stage, line=line, column=column,
            channel=body.get("channel"), kind=kind,
            description=body.get("description"), notes=body.get("notes"),
            catalog_description="description" in body and "use" in body
            and body.key_mark("description") == body.value_mark("use"),
            likelihood=ranged(body.get("likelihood"))[0],
            likelihood_range=ranged(body.get("likelihood"))[1], severity=body.get("severity"),
            emotion=body.get("emotion"),
            failure_modes=failure_modes_of(body.get("failure_modes")),
            evidence=evidence_of(body.get("evidence")),
            owner=owner_of(body.get("owner")), promises=promises,
            complaints=body.get("complaints"),
            next=next_pairs(body.get("next")), next_ranges=next_ranges(body.get("next")),
            resolution=resolution_of(body.get("resolution")),
            outcome=outcome, segments=overrides, repeat_of=body.get("repeat_of"),
            catalog=body.get("use"), rationale=body.get("rationale"),
            actions=self._actions(tid, body, segments))

    def _actions(self, tid: str, body: LMap, segments: dict[str, Segment]
                 ) -> tuple[Action, ...]:
        actions = []
        raw = body.get("actions", ())
        for index, item in enumerate(raw):
            line, column = raw.item_mark(index)
            effect = item.get("effect", {})
            cost = item.get("cost", {})
            for sid in effect.get("segments", {}):
                if sid not in segments:
                    self.error(self.where(effect["segments"], sid,
                                          f"touchpoint '{tid}' action '{item['id']}'",
                                          value=False),
                               f"effect: unknown segment '{sid}'" + did_you_mean(sid, list(segments)))
            actions.append(Action(
                id=item["id"], touchpoint=tid, status=item.get("status", "proposed"),
                description=item.get("description"), owner=item.get("owner"),
                due=item.get("due"), cost_once=float(cost.get("once", 0.0)),
                cost_yearly=float(cost.get("yearly", 0.0)), changes=effect_changes(effect),
                effect_keys=tuple(effect), effect=plain(effect), line=line, column=column))
        return tuple(actions)

    # -- references across the journey ---------------------------------------
    def _ref(self, target: str, ids: list[str], where: Where, what: str,
             touchpoints: dict[str, Touchpoint], must_be_channel: bool = False) -> bool:
        if target not in self.raw_touchpoint_ids:
            self.error(where, f"unknown {what} '{target}'" + did_you_mean(target, ids))
            return False
        if must_be_channel:
            tp = touchpoints.get(target)
            if tp is not None and not tp.is_complaint_channel:
                self.error(where, (f"'{target}' is not a complaint channel; add "
                                   f"'kind: complaint_channel' to it"))
                return False
        return True

    def _references(self, raw: LMap, merged: dict[str, LMap],
                    touchpoints: dict[str, Touchpoint], ids: list[str]) -> None:
        promise_seen: dict[str, int] = {}
        for tid, body in merged.items():
            label = f"touchpoint '{tid}'"
            nxt = body.get("next")
            if nxt is not None:
                self._check_next(nxt, body, label, ids, touchpoints)
            if "complaints" in body:
                self._ref(body["complaints"], ids, self.where(body, "complaints", label),
                          "complaint channel", touchpoints, must_be_channel=True)
            if "resolution" in body and "back_to" in body["resolution"]:
                back_to = body["resolution"]["back_to"]
                where = self.where(body["resolution"], "back_to", label)
                if self._ref(back_to, ids, where, "touchpoint", touchpoints) and \
                        back_to in touchpoints and touchpoints[back_to].is_complaint_channel:
                    # resolved complainers would circle between complaint channels
                    self.error(where, (
                        f"resolution: back_to '{back_to}' is a complaint channel; resolved "
                        "complainers go back into the journey: name a touchpoint or an outcome"))
            if "repeat_of" in body:
                rep = body["repeat_of"]
                where = self.where(body, "repeat_of", label)
                if rep == tid:
                    self.error(where, "a touchpoint cannot be a repeat of itself")
                else:
                    self._ref(rep, ids, where, "touchpoint", touchpoints)
            for index, promise in enumerate(body.get("promises", ())):
                plabel = f"{label} promise '{promise['id']}'"
                mark: tuple[int, int] = body["promises"].item_mark(index)
                if promise["id"] in promise_seen:
                    self.error(Where(self.source, *mark, plabel), (
                        f"duplicate promise id (first given at line "
                        f"{promise_seen[promise['id']]})"))
                else:
                    promise_seen[promise["id"]] = mark[0]
                self._ref(promise["kept_at"], ids, self.where(promise, "kept_at", plabel),
                          "touchpoint", touchpoints)

    def _check_next(self, nxt: Any, body: LMap, label: str, ids: list[str],
                    touchpoints: dict[str, Touchpoint]) -> None:
        if isinstance(nxt, str):
            self._ref(nxt, ids, self.where(body, "next", label), "touchpoint", touchpoints)
            return
        if isinstance(nxt, LSeq):
            seen: set[str] = set()
            for index, target in enumerate(nxt):
                where = self.where(nxt, index, label)
                if target in seen:
                    self.error(where, f"'{target}' is listed twice in next")
                seen.add(target)
                self._ref(target, ids, where, "touchpoint", touchpoints)
            return
        for target in nxt:
            self._ref(target, ids, self.where(nxt, target, label, value=False), "touchpoint",
                      touchpoints)
        total = sum(p for _, p in next_pairs(nxt))
        if total > 1 + PROBABILITY_TOLERANCE:
            shown = f"{total:.6g}"
            if float(shown) <= 1:  # say by how much, not "sum to 1, more than 1"
                shown = f"{total:.15g}"
            self.error(self.where(body, "next", label, value=False), (
                f"next probabilities sum to {shown}, more than 1"))

    def _entry(self, data: LMap, ids: list[str],
               touchpoints: dict[str, Touchpoint]) -> tuple[tuple[str, float], ...]:
        if "entry" not in data:
            return ((ids[0], 1.0),) if ids else ()
        entry = data["entry"]
        where = self.where(data, "entry", "")
        if isinstance(entry, str):
            self._ref(entry, ids, where, "entry touchpoint", touchpoints)
            return ((entry, 1.0),)
        for target in entry:
            self._ref(target, ids, self.where(entry, target, value=False), "entry touchpoint",
                      touchpoints)
        total = sum(entry.values())
        if abs(total - 1) > SHARE_TOLERANCE:
            self.error(self.where(data, "entry", value=False),
                       f"entry shares must sum to 1, they sum to {total:.6g}")
        return tuple((target, share) for target, share in entry.items())

    def _action_references(self, raw: LMap, merged: dict[str, LMap],
                           touchpoints: dict[str, Touchpoint], ids: list[str]) -> None:
        """Action ids unique; effects name existing points and fit the touchpoint."""
        seen: dict[str, int] = {}
        for tid, body in merged.items():
            tp = touchpoints.get(tid)
            raw_actions = body.get("actions", ())
            for index, item in enumerate(raw_actions):
                label = f"touchpoint '{tid}' action '{item['id']}'"
                mark: tuple[int, int] = raw_actions.item_mark(index)
                if item["id"] in seen:
                    self.error(Where(self.source, *mark, label),
                               f"duplicate action id (first given at line {seen[item['id']]})")
                else:
                    seen[item["id"]] = mark[0]
                effect = item.get("effect")
                if not effect:
                    continue
                if "next" in effect:
                    self._check_next(effect["next"], effect, label, ids, touchpoints)
                if "complaints" in effect:
                    self._ref(effect["complaints"], ids, self.where(effect, "complaints", label),
                              "complaint channel", touchpoints, must_be_channel=True)
                if tp is None:
                    continue
                if "resolution" in effect:
                    if not tp.is_complaint_channel:
                        self.error(self.where(effect, "resolution", label, value=False), (
                            "effect: resolution is only for complaint channels"))
                    elif "back_to" in effect["resolution"]:
                        self._ref(effect["resolution"]["back_to"], ids,
                                  self.where(effect["resolution"], "back_to", label),
                                  "touchpoint", touchpoints)
                if tp.is_outcome:
                    self.error(Where(self.source, *mark, label),
                               "an outcome ends the journey and takes no actions")
                elif "severity" in effect and tp.failure_modes and not any(
                        key in effect for key in ("likelihood", "evidence", "failure_modes")):
                    self.error(self.where(effect, "severity", label, value=False), (
                        "effect: severity comes from the touchpoint's failure modes; give "
                        "new failure_modes, or a likelihood with the severity"))

    # -- loops nobody can leave ----------------------------------------------
    def _closed_loops(self, journey: Journey) -> None:
        """Report each loop of the journey's graph that customers can never leave."""
        for cycle in closed_loops(journey.graph, journey.views.flow):
            tp = journey.touchpoints[cycle[0]]
            text = " → ".join(f"'{t}'" for t in cycle)
            self.error(Where(self.source, tp.line, tp.column, f"touchpoint '{tp.id}'"), (
                f"customers can never leave the loop {text}: every 'next' stays inside it "
                "and none drops off; send part of the traffic out of the loop"))


