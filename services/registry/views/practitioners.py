"""Reads about practitioners 从业人员: each record as the caller may see it (the ID number only ever masked), an
agency's staff, a regulator's search, and what the public sees: practice disclosure (执业公示) and the talent list
(人才名单), names, certificate kinds and agencies only."""

from __future__ import annotations

from datetime import date

from services.common.errors import Forbidden, NotFound
from services.common.storage.mapping import from_doc
from services.common.storage.pagination import paginate
from services.common.storage.store import UnitOfWork
from services.common.web.auth import Principal

from ..domain.codes import mask_id_number
from ..domain.practitioners import Practitioner
from ..domain.providers import Provider, Status
from ..store import PRACTITIONERS, PROVIDERS, TRAININGS, RegistryStore

OFFICIAL = ("regulator", "admin")  # read every practitioner, refusals too


def shown(who: Principal, doc: dict) -> dict:
    """Never the ID number (masked); an agency sees only its own employment of him, never the refusals."""
    view = {k: v for k, v in doc.items() if k != "id_number"}
    view["id_number_masked"] = mask_id_number(doc["id_number"])
    if who.role not in OFFICIAL:
        view["employments"] = [e for e in doc.get("employments", ()) if e["agency_id"] == who.org]
        view.pop("refusals", None)
    return view


def require_reader(who: Principal, doc: dict) -> None:
    if who.role not in OFFICIAL and not (who.role == "agency" and who.org and who.org == doc.get("agency_id")):
        raise Forbidden("only the agency he works for and regulators read a practitioner's record")


def practitioner(uow: UnitOfWork, who: Principal, practitioner_id: str) -> dict:
    doc = RegistryStore(uow).document(Practitioner, practitioner_id)
    require_reader(who, doc)
    return shown(who, doc)


def trainings(uow: UnitOfWork, who: Principal, practitioner_id: str, args: dict) -> dict:
    """His continuing-education records, newest first (his agency, regulators)."""
    practitioner(uow, who, practitioner_id)
    query = {"practitioner_id": practitioner_id}
    if args.get("year"):
        query["trained_on"] = {"$gte": f"{args['year']}-01-01", "$lte": f"{args['year']}-12-31"}
    return paginate(uow[TRAININGS], query, args["limit"], args["cursor"], sort="trained_on", descending=True)


def staff_page(uow: UnitOfWork, who: Principal, provider_id: str, args: dict) -> dict:
    """The agency's practitioners now (the agency itself, regulators, admin)."""
    if who.role not in OFFICIAL:
        who.require_org(provider_id)
    return search(uow, who, {**args, "agency_id": provider_id})


def search(uow: UnitOfWork, who: Principal, args: dict) -> dict:
    page = paginate(uow[PRACTITIONERS], practitioner_filter(args), args["limit"], args["cursor"])
    return {**page, "items": [shown(who, doc) for doc in page["items"]]}


def verified(day: date, kind: str | None = None) -> dict:
    """Holds a verified certificate (of `kind`, if given) valid on `day`."""
    match = {"verified": True, "valid_from": {"$lte": day.isoformat()}, "valid_until": {"$gte": day.isoformat()}}
    return {"certificates": {"$elemMatch": {**match, **({"kind": kind} if kind else {})}}}


def practitioner_filter(args: dict) -> dict:
    """agency (now), certificate kind declared, a certificate not yet verified (the regulator's worklist), flagged
    for a year's continuing education, talent level."""
    query = {k: args[k] for k in ("agency_id",) if args.get(k)}
    if args.get("kind"):
        query["certificates.kind"] = args["kind"]
    if args.get("unverified"):
        query["certificates"] = {"$elemMatch": {"verified": {"$ne": True}}}
    if args.get("flagged_year"):
        query["ce_flags.year"] = args["flagged_year"]
    if args.get("talent_level"):
        query["talent.level"] = args["talent_level"]
    return query


# --- public: practice disclosure 执业公示 and the talent list 人才名单 --------------------------------------------
def disclosed(doc: dict, today: date) -> dict:
    """A practitioner as the public sees him: name and the kinds of his verified certificates valid today."""
    person = from_doc(Practitioner, doc)
    kinds = sorted({c.kind for c in person.verified_certificates(today)})
    return {"practitioner_id": person.id, "name": person.name, "kinds": kinds}


def disclosure_page(uow: UnitOfWork, provider_id: str, args: dict) -> dict:
    """执业公示: the agency's practitioners holding a verified certificate valid today."""
    if RegistryStore(uow).document(Provider, provider_id)["status"] != Status.ACTIVE:
        raise NotFound(f"no active provider {provider_id}")
    query = {"$and": [{"agency_id": provider_id}, verified(uow.today, args.get("kind"))]}
    page = paginate(uow[PRACTITIONERS], query, args["limit"], args["cursor"], sort="name")
    return {**page, "agency_id": provider_id, "items": [disclosed(d, uow.today) for d in page["items"]]}


def talent_page(uow: UnitOfWork, args: dict) -> dict:
    """人才名单: practitioners with a talent level; name, level, when, and the agency they work for now."""
    query = {"talent.level": args["level"]} if args.get("level") else {"talent": {"$ne": None}}
    page = paginate(uow[PRACTITIONERS], query, args["limit"], args["cursor"], sort="name")
    agencies = {d["agency_id"] for d in page["items"] if d.get("agency_id")}
    names = {p["_id"]: p["name"] for p in uow[PROVIDERS].find({"_id": {"$in": list(agencies)}}, {"name": 1})}
    items = [
        {
            "practitioner_id": d["_id"],
            "name": d["name"],
            "level": d["talent"]["level"],
            "recognised_on": d["talent"]["recognised_on"],
            "agency_id": d.get("agency_id"),
            "agency_name": names.get(d.get("agency_id")),
        }
        for d in page["items"]
    ]
    return {**page, "items": items}
