"""The example journeys load into the expected model, and the graph built from
them has the expected nodes, attributes, edges and drop-off."""
from __future__ import annotations

import pytest

from conftest import EXAMPLES, JOURNEYS, MINIMAL, write
from mapper.graph import build_graph, reachable
from mapper.model.journey import Journey
from mapper.model.workspace import load_journey


def load(name: str) -> Journey:
    return load_journey(str(JOURNEYS / f"{name}.yaml"))


@pytest.fixture(scope="module")
def journeys() -> dict[str, Journey]:
    return {path.stem: load_journey(str(path)) for path in EXAMPLES}


# -- the examples load with the expected facts ------------------------------------------

EXPECTED = {
    "online-shop": dict(
        language="en", cohort=1000, complaints="hotline",
        stages=["awareness", "choice", "purchase", "delivery", "use", "warranty", "repeat",
                "complaints"],
        entry=[("search_ad", 0.5), ("banner", 0.2), ("site", 0.3)],
        order=["search_ad", "banner", "site", "product_page", "checkout",
               "confirmation_email", "courier", "unboxing", "usage", "support_question",
               "callback", "warranty_claim", "repair_centre", "repair_return", "newsletter",
               "repeat_order", "hotline", "live_chat", "loyal", "advocate", "refund"]),
    "hairdresser": dict(
        language="en", cohort=500, complaints="complaint_form",
        stages=["discovery", "booking", "first_visit", "aftercare", "correction", "regular",
                "complaints"],
        entry=[("maps_listing", 0.6), ("phone_booking", 0.25), ("app_booking", 0.15)],
        order=["maps_listing", "phone_booking", "app_booking", "waitlist", "slot_call",
               "reminder", "rebook", "reception", "haircut", "payment", "follow_up",
               "free_correction", "repeat_visit", "owner_call", "complaint_form", "loyal",
               "advocate", "lost"]),
    "electronics-store": dict(
        language="bg", cohort=1000, complaints="complaint_desk",
        stages=["awareness", "store", "delivery", "use", "warranty", "complaints"],
        entry=[("brochure", 0.4), ("store_visit", 0.6)],
        order=["brochure", "store_visit", "sales_assistant", "till", "home_delivery",
               "product_use", "exchange", "warranty_desk", "handover", "status_call",
               "service_repair", "repaired_return", "complaint_desk", "repeat", "loyal",
               "advocate", "lost"]),
    "supermarket": dict(
        language="ru", cohort=1000, complaints="горячая_линия",
        stages=["реклама", "дорога", "торговый_зал", "оплата", "дома", "возврат", "гарантия",
                "жалобы"],
        entry=[("листовка", 1.0)],  # no entry: the first touchpoint in the file
        order=["листовка", "парковка", "вход", "полки", "персонал", "касса",
               "карта_лояльности", "продукты_дома", "возврат_обмен", "гарантийный_ремонт",
               "горячая_линия", "книга_жалоб", "постоянный_покупатель", "рекомендует",
               "потерян"]),
    "office-supplies": dict(
        language="en", cohort=500, complaints="service_desk",
        stages=["acquisition", "ordering", "fulfilment", "account_care", "equipment",
                "complaints"],
        entry=[("quote_request", 1.0)],
        order=["quote_request", "account_manager", "order_by_email", "reorder", "delivery",
               "invoice", "key_account_review", "tech_support", "service_desk", "loyal",
               "advocate", "lost"]),
}


def test_model_is_a_regular_package():
    """``mapper.model`` has an ``__init__.py`` (not an implicit namespace package)."""
    import mapper.model

    assert mapper.model.__file__ is not None


def test_there_are_five_examples():
    assert sorted(p.stem for p in EXAMPLES) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_facts(journeys, name):
    journey = journeys[name]
    facts = EXPECTED[name]
    assert journey.id == name
    assert journey.path == str(JOURNEYS / f"{name}.yaml")
    assert journey.language == facts["language"]
    assert journey.cohort == facts["cohort"]
    assert journey.complaints == facts["complaints"]
    assert [stage.id for stage in journey.stages] == facts["stages"]
    assert list(journey.entry) == facts["entry"]
    assert len(journey.touchpoints) == len(facts["order"])
    assert list(journey.touchpoints) == facts["order"]
    assert journey.line > 1  # the `journey:` key comes after the header comments


def test_examples_cover_languages_aspects_and_features(journeys):
    assert {j.language for j in journeys.values()} == {"en", "ru", "bg"}
    aspects = {stage.aspect for j in journeys.values() for stage in j.stages}
    assert aspects == {"sales", "after_sales", "warranty", "complaint"}
    for journey in journeys.values():
        covered = {journey.stage(tp.stage).aspect
                   for tp in journey.touchpoints.values() if tp.stage}
        assert covered == {"sales", "after_sales", "warranty", "complaint"}, journey.id
    # third-party warranty and delivery, promises, loops, segments, repeat visits
    warranty_third_party = [tp for j in journeys.values() for tp in j.touchpoints.values()
                            if tp.third_party and tp.stage and j.stage(tp.stage).aspect == "warranty"]
    assert warranty_third_party
    assert any(tp.third_party and tp.channel == "delivery"
               for j in journeys.values() for tp in j.touchpoints.values())
    assert all(j.promises for j in journeys.values() if j.id != "supermarket")
    assert journeys["office-supplies"].segments and journeys["online-shop"].segments
    assert journeys["hairdresser"].touchpoints["repeat_visit"].repeat_of == "haircut"


def test_stage_names(journeys):
    assert journeys["supermarket"].stage("реклама").name == "Реклама"
    assert journeys["electronics-store"].stage("warranty").name == "Гаранционен ремонт"
    assert journeys["online-shop"].stage("choice").aspect == "sales"


def test_segments_and_economics(journeys):
    shop = journeys["online-shop"]
    assert {s.id: s.share for s in shop.segments.values()} == {"private": 0.8, "business": 0.2}
    assert shop.segments["business"].value == 6000
    assert shop.economics is not None
    assert (shop.economics.currency, shop.economics.customer_value,
            shop.economics.acquisition_cost) == ("EUR", 1200, 300)
    office = journeys["office-supplies"]
    assert office.touchpoints["quote_request"].segments["small"].likelihood == 0.2
    assert office.touchpoints["account_manager"].segments["small"].emotion == -1


def test_promises(journeys):
    shop = journeys["online-shop"]
    (promise,) = shop.touchpoints["checkout"].promises
    assert (promise.id, promise.text, promise.kept_at, promise.made_at) == (
        "three-days", "Delivery within 3 days", "courier", "checkout")
    assert [p.id for p in shop.promises] == ["three-days", "call-back"]
    assert journeys["electronics-store"].promises[0].kept_at == "status_call"


# -- catalog merges ---------------------------------------------------------------------------

def test_use_merges_catalog_values(journeys):
    shop = journeys["online-shop"]
    search_ad = shop.touchpoints["search_ad"]  # only name, stage, next of its own
    assert search_ad.catalog == "online/search-ad"
    assert search_ad.name == 'Search ad ("laptop for students")'
    assert (search_ad.channel, search_ad.likelihood, search_ad.severity, search_ad.emotion) == (
        "ad", 0.03, 2, 0)
    assert search_ad.rationale and "expectation" in search_ad.rationale
    assert shop.catalog_files["online/search-ad"].endswith("online/search-ad.yaml")


def test_own_likelihood_replaces_entry_failure_modes(journeys):
    checkout = journeys["online-shop"].touchpoints["checkout"]
    assert checkout.catalog == "retail/online-checkout"
    assert (checkout.likelihood, checkout.severity, checkout.failure_modes) == (
        0.07, "serious", ())
    assert checkout.channel == "web"


def test_own_failure_modes_replace_entry_ones(journeys):
    page = journeys["online-shop"].touchpoints["product_page"]
    assert [f.name for f in page.failure_modes] == [
        "Shown as in stock but is not", "Spec table incomplete or wrong"]
    assert page.likelihood is None and page.severity is None
    assert page.failure_modes[0].cause.startswith("The distributor's stock feed")


def test_own_evidence_replaces_entry_failure_modes(journeys):
    staff = journeys["supermarket"].touchpoints["персонал"]
    assert staff.catalog == "retail/sales-assistant"
    assert (staff.evidence.observed, staff.evidence.negative) == (400, 44)
    assert staff.failure_modes == () and staff.likelihood is None
    assert staff.severity == 3
    assert staff.emotion == 1  # from the entry
    assert staff.complaints == "книга_жалоб"


def test_owner_override_and_third_party(journeys):
    repair = journeys["online-shop"].touchpoints["repair_centre"]
    assert repair.owner.name == "TechFix Service Centre" and repair.third_party
    assert repair.channel == "other"  # from services/warranty-repair-centre
    home = journeys["electronics-store"].touchpoints["home_delivery"]
    assert home.owner.name == "Собствен екип за доставка" and not home.third_party
    reminder = journeys["hairdresser"].touchpoints["reminder"]
    assert reminder.channel == "phone"  # overrides the entry's email
    assert (reminder.likelihood, reminder.severity) == (0.03, 2)


def test_complaint_channel_from_catalog(journeys):
    hotline = journeys["online-shop"].touchpoints["hotline"]
    assert hotline.is_complaint_channel and hotline.kind == "complaint_channel"
    assert (hotline.resolution.rate, hotline.resolution.hours, hotline.resolution.back_to) == (
        0.7, 24, None)
    assert (hotline.likelihood, hotline.severity) == (0.1, 3)
    chat = journeys["online-shop"].touchpoints["live_chat"]
    assert chat.resolution.back_to == "checkout"


COURIER = MINIMAL.replace("""    name: Website
    stage: buy
    channel: web
    likelihood: 0.1
    severity: 2
""", """    use: online/courier-delivery
    stage: buy
""")


@pytest.mark.parametrize("owner, name, third_party", [
    ("", "Courier company", True),
    ("    owner: {name: Own vans, third_party: false}\n", "Own vans", False),
    ("    owner: Own vans\n", "Own vans", False),
    ("    owner: {name: Other Courier Ltd, third_party: true}\n", "Other Courier Ltd", True),
])
def test_courier_entry_is_third_party_unless_overridden(tmp_path, owner, name, third_party):
    path = write(tmp_path, "j.yaml", COURIER.replace("    stage: buy\n", "    stage: buy\n" + owner, 1))
    site = load_journey(str(path)).touchpoints["site"]
    assert site.catalog == "online/courier-delivery"
    assert site.owner.name == name
    assert site.third_party is third_party
    assert site.channel == "delivery"
    assert len(site.failure_modes) == 3


# -- next, drop-off and order -----------------------------------------------------------------

@pytest.mark.parametrize("name, touchpoint, next_, drop_off", [
    ("online-shop", "banner", {"site": 0.5}, 0.5),
    ("online-shop", "product_page", {"checkout": 0.4}, 0.6),
    ("online-shop", "checkout", {"confirmation_email": 0.97}, 0.03),
    ("online-shop", "confirmation_email", {"courier": 1.0}, 0.0),
    ("online-shop", "usage", {"support_question": 0.15, "warranty_claim": 0.05,
                              "newsletter": 0.55}, 0.25),
    ("online-shop", "repeat_order", {"loyal": 0.65, "advocate": 0.25}, 0.1),
    ("online-shop", "repair_return", {"usage": 0.9, "refund": 0.05}, 0.05),
    ("hairdresser", "maps_listing", {"phone_booking": 0.3, "app_booking": 0.35}, 0.35),
    ("hairdresser", "repeat_visit", {"rebook": 0.7, "loyal": 0.12, "advocate": 0.08,
                                     "free_correction": 0.03}, 0.07),
    ("electronics-store", "product_use", {"exchange": 0.04, "warranty_desk": 0.07,
                                          "repeat": 0.3, "loyal": 0.15, "advocate": 0.05}, 0.39),
    ("electronics-store", "handover", {"status_call": 0.95, "service_repair": 0.05}, 0.0),
    ("supermarket", "продукты_дома", {"листовка": 0.55, "возврат_обмен": 0.03,
                                      "гарантийный_ремонт": 0.005,
                                      "постоянный_покупатель": 0.2, "рекомендует": 0.04}, 0.175),
    ("office-supplies", "invoice", {"reorder": 0.55, "key_account_review": 0.25,
                                    "tech_support": 0.08}, 0.12),
    ("office-supplies", "tech_support", {"reorder": 0.7, "lost": 0.1}, 0.2),
])
def test_next_and_drop_off(journeys, name, touchpoint, next_, drop_off):
    tp = journeys[name].touchpoints[touchpoint]
    assert dict(tp.next) == next_
    assert list(dict(tp.next)) == list(next_)  # file order
    assert tp.drop_off == pytest.approx(drop_off, abs=1e-12)
    assert tp.drop_off == pytest.approx(1 - sum(next_.values()), abs=1e-12)


@pytest.mark.parametrize("name, touchpoint", [
    ("online-shop", "hotline"), ("online-shop", "loyal"), ("online-shop", "refund"),
    ("supermarket", "книга_жалоб"), ("hairdresser", "owner_call"),
])
def test_outcomes_and_complaint_channels_do_not_drop_off(journeys, name, touchpoint):
    tp = journeys[name].touchpoints[touchpoint]
    assert tp.next == ()
    assert tp.drop_off == 0.0


def test_outcomes(journeys):
    shop = journeys["online-shop"]
    assert shop.touchpoints["refund"].outcome == "lost"
    assert shop.touchpoints["refund"].is_outcome and shop.touchpoints["refund"].stage is None
    assert {tp.outcome for tp in shop.touchpoints.values() if tp.is_outcome} == {
        "loyal", "advocate", "lost"}
    assert journeys["electronics-store"].touchpoints["repeat"].outcome == "repeat_purchase"


def _with_next(tmp_path, next_text: str) -> Journey:
    text = MINIMAL.replace("    next: {done: 0.5}\n", f"    next: {next_text}\n").replace(
        "  done:\n    outcome: loyal\n", ("  done:\n    outcome: loyal\n"
                                        "  gone:\n    outcome: lost\n"
                                        "  back:\n    outcome: repeat_purchase\n"))
    return load_journey(str(write(tmp_path, "j.yaml", text)))


def test_list_form_next_splits_evenly(tmp_path):
    site = _with_next(tmp_path, "[done, gone]").touchpoints["site"]
    assert site.next == (("done", 0.5), ("gone", 0.5))
    assert site.drop_off == 0.0
    site = _with_next(tmp_path, "[done, gone, back]").touchpoints["site"]
    assert [t for t, _ in site.next] == ["done", "gone", "back"]
    assert all(p == pytest.approx(1 / 3) for _, p in site.next)
    assert site.drop_off == pytest.approx(0.0, abs=1e-12)


def test_string_form_next_is_all_customers(tmp_path):
    site = _with_next(tmp_path, "gone").touchpoints["site"]
    assert site.next == (("gone", 1.0),)
    assert site.drop_off == 0.0


def test_no_next_drops_everyone(tmp_path):
    text = MINIMAL.replace("    next: {done: 0.5}\n", "")
    site = load_journey(str(write(tmp_path, "j.yaml", text))).touchpoints["site"]
    assert site.next == () and site.drop_off == 1.0


def test_defaults(tmp_path):
    journey = load_journey(str(write(tmp_path, "j.yaml", MINIMAL)))
    assert journey.language == "en"
    assert journey.cohort == 1000
    assert journey.title == "tiny"
    assert journey.entry == (("site", 1.0),)
    assert journey.stage("buy").name == "buy"
    assert journey.touchpoints["hotline"].name == "hotline"
    assert journey.complaints is None
    assert journey.complaint_channel(journey.touchpoints["site"]) == "hotline"


def test_order_is_stage_order_then_file_order(tmp_path):
    text = """\
    journey: order
    stages:
      - {id: first, aspect: sales}
      - {id: second, aspect: after_sales}
      - {id: third, aspect: complaint}
    touchpoints:
      early_outcome:
        outcome: lost
      c:
        stage: third
        kind: complaint_channel
        resolution: {rate: 0.5}
      b1:
        stage: second
        next: {end: 0.5}
      staged_outcome:
        stage: second
        outcome: loyal
      a:
        stage: first
        next: {b1: 0.5, b2: 0.5}
      b2:
        stage: second
        next: {staged_outcome: 1}
      end:
        outcome: advocate
    entry: a
    """
    journey = load_journey(str(write(tmp_path, "order.yaml", text)))
    assert list(journey.touchpoints) == [
        "a", "b1", "staged_outcome", "b2", "c", "early_outcome", "end"]
    graph = build_graph(journey)
    assert list(graph.nodes) == list(journey.touchpoints)
    assert [graph.nodes[n]["order"] for n in graph.nodes] == list(range(7))
    assert journey.entry == (("a", 1.0),)
    # ...and the same file always gives the same order
    again = load_journey(str(tmp_path / "order.yaml"))
    assert list(again.touchpoints) == list(journey.touchpoints)


# -- the graph ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_graph_nodes(journeys, name):
    journey = journeys[name]
    graph = build_graph(journey)
    assert list(graph.nodes) == list(journey.touchpoints) == EXPECTED[name]["order"]
    assert graph.graph["journey"] == name
    assert graph.graph["language"] == journey.language
    assert graph.graph["cohort"] == journey.cohort
    assert graph.graph["entry"] == dict(journey.entry)
    stage_aspect = {s.id: s.aspect for s in journey.stages}
    for node, data in graph.nodes(data=True):
        tp = journey.touchpoints[node]
        assert data["touchpoint"] is tp
        assert data["stage"] == tp.stage
        assert data["name"] == tp.name
        assert data["aspect"] == stage_aspect.get(tp.stage)
        assert data["drop_off"] == tp.drop_off
        assert data["third_party"] == tp.third_party
        assert data["is_outcome"] == tp.is_outcome
        assert data["is_complaint_channel"] == tp.is_complaint_channel
        assert data["complaint_channel"] == journey.complaint_channel(tp)
        for key in ("likelihood", "severity", "emotion", "failure_modes", "owner",
                    "promises", "channel", "kind", "outcome", "segments", "repeat_of"):
            assert key in data, key


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_graph_next_edges(journeys, name):
    journey = journeys[name]
    graph = build_graph(journey)
    next_edges = {(u, v): d for u, v, d in graph.edges(data=True) if d["kind"] == "next"}
    expected = {(tp.id, target): p for tp in journey.touchpoints.values() for target, p in tp.next}
    assert set(next_edges) == set(expected)
    for edge, probability in expected.items():
        assert next_edges[edge]["probability"] == probability
        assert next_edges[edge]["weight"] == probability
    # drop-off and the outgoing `next` weights always add up to 1 for a touchpoint with next
    for node in graph.nodes:
        out = sum(d["probability"] for _, _, d in graph.out_edges(node, data=True)
                  if d["kind"] == "next")
        if out:
            assert out + graph.nodes[node]["drop_off"] == pytest.approx(1.0)


def test_graph_specific_edges(journeys):
    graph = build_graph(journeys["online-shop"])
    assert graph.edges["usage", "support_question"] == {
        "kind": "next", "probability": 0.15, "weight": 0.15}
    assert graph.edges["courier", "unboxing"]["probability"] == 0.98
    assert graph.nodes["courier"]["third_party"] is True
    assert graph.nodes["courier"]["drop_off"] == pytest.approx(0.02)
    assert graph.nodes["banner"]["drop_off"] == pytest.approx(0.5)
    assert graph.nodes["checkout"]["stage"] == "purchase"
    assert graph.nodes["repair_centre"]["aspect"] == "warranty"
    assert graph.nodes["loyal"]["aspect"] is None


def test_graph_complaint_edges(journeys):
    shop = journeys["online-shop"]
    graph = build_graph(shop)
    complaint = {(u, v) for u, v, d in graph.edges(data=True) if d["kind"] == "complaint"}
    # every touchpoint that is neither an outcome nor a channel complains somewhere
    expected = {(tp.id, "live_chat" if tp.id == "checkout" else "hotline")
                for tp in shop.touchpoints.values()
                if not tp.is_outcome and not tp.is_complaint_channel}
    assert complaint == expected
    for u, v in complaint:
        assert graph.edges[u, v]["weight"] == 0.0
    hair = build_graph(journeys["hairdresser"])
    assert hair.edges["haircut", "owner_call"]["kind"] == "complaint"
    assert hair.edges["repeat_visit", "owner_call"]["kind"] == "complaint"
    assert hair.edges["payment", "complaint_form"]["kind"] == "complaint"
    assert not hair.has_edge("haircut", "complaint_form")
    assert not any(d["kind"] == "complaint" for _, _, d in hair.out_edges("loyal", data=True))
    market = build_graph(journeys["supermarket"])
    assert market.edges["персонал", "книга_жалоб"]["kind"] == "complaint"
    assert market.edges["касса", "горячая_линия"]["kind"] == "complaint"


def test_graph_resolution_edges(journeys):
    shop = build_graph(journeys["online-shop"])
    resolution = {(u, v) for u, v, d in shop.edges(data=True) if d["kind"] == "resolution"}
    assert resolution == {("live_chat", "checkout")}
    hair = build_graph(journeys["hairdresser"])
    resolution = {(u, v) for u, v, d in hair.edges(data=True) if d["kind"] == "resolution"}
    assert resolution == {("owner_call", "free_correction")}
    office = build_graph(journeys["office-supplies"])
    assert not any(d["kind"] == "resolution" for *_, d in office.edges(data=True))


def test_graph_is_deterministic(journeys):
    for path in EXAMPLES:
        first = build_graph(load_journey(str(path)))
        second = build_graph(load_journey(str(path)))
        assert list(first.nodes) == list(second.nodes)
        assert list(first.edges(data=True)) == list(second.edges(data=True))


def test_everything_is_reachable_in_the_examples(journeys):
    for journey in journeys.values():
        graph = build_graph(journey)
        seen = reachable(graph, [target for target, _ in journey.entry])
        assert seen == set(graph.nodes), journey.id
    # along `next` only, complaint channels are not reached
    shop = build_graph(journeys["online-shop"])
    by_next = reachable(shop, ["search_ad", "banner", "site"], kinds=("next",))
    assert "hotline" not in by_next and "refund" in by_next
