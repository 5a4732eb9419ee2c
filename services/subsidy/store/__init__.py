"""Subsidy storage.

Collections: programmes and applications (versioned), budgets (_id = the programme's lineage: one budget for all
its versions; total, left, reserved, spent, recovered, changed only by conditional `$inc`), usage (money counted
against caps, per beneficiary and year and per contract: also changed by `$inc`, so two concurrent applications
touching one cap conflict instead of both passing), payments and recovery receipts (_id = the reference:
recorded once) (`money.py`), and the projections enterprises, providers, contracts (with the false-report
violations standing on them) and grades (from registry, matching and credit events), practitioners' employments
and talent levels (`talent.py`).
"""

from __future__ import annotations

from datetime import date

from pymongo import ASCENDING, UpdateOne

from services.common.errors import Invalid
from services.common.storage.mapping import from_doc, to_doc

from ..domain.amounts import DatedGrade
from ..domain.applications import Application
from ..domain.facts import Deal, Firm, Provider
from ..domain.programmes import Kind, Programme
from ..domain.talent import TalentFacts
from .facts import deal_from_doc, firm_from_doc, grade_from_doc, grant_from_doc, provider_from_doc
from .money import MoneyStore
from .talent import EMPLOYMENTS, TalentStore

PROGRAMMES, APPLICATIONS = "programmes", "applications"
ENTERPRISES, PROVIDERS, CONTRACTS, GRADES = "enterprises", "providers", "contracts", "grades"
CONTRACT_RANK = {"contract-signed": 1, "contract-completed": 2, "contract-terminated": 3}  # termination wins


def setup(ctx) -> None:
    """Indexes (once per process)."""
    db = ctx.db
    db[APPLICATIONS].create_index([("lineage", ASCENDING), ("subject_id", ASCENDING)], unique=True)
    db[APPLICATIONS].create_index([("applicant_id", ASCENDING), ("submitted_at", ASCENDING)])
    db[APPLICATIONS].create_index([("county", ASCENDING), ("status", ASCENDING)])
    db[APPLICATIONS].create_index("contract_id")
    db[APPLICATIONS].create_index("recovery.violation_id")
    db[CONTRACTS].create_index("false_reports.violation_id")
    db[PROGRAMMES].create_index([("state", ASCENDING), ("funder", ASCENDING)])
    db[CONTRACTS].create_index("enterprise_id")
    db[ENTERPRISES].create_index([("county", ASCENDING), ("town", ASCENDING)])
    db[GRADES].create_index([("agency_id", ASCENDING), ("as_of", ASCENDING)])
    db[EMPLOYMENTS].create_index("practitioner_id")


def awaiting_review(level: str, division: str) -> dict:
    """Applications whose review step is exactly the official's of `division` at `level` (town, county): the first
    reviewer while submitted, the second once the town approved."""
    at = [("submitted", 0), ("town_approved", 1)]
    return {"$or": [{"status": s, f"reviewers.{i}.level": level, f"reviewers.{i}.division": division} for s, i in at]}


def awaiting_payment(funder: str) -> dict:
    """Approved applications the finance of `funder` pays."""
    return {"status": "approved", "funder": funder}


class SubsidyStore(MoneyStore, TalentStore):
    """Programmes, budgets, applications and the projections, in one unit of work."""

    # --- programmes and budgets -------------------------------------------------------------------
    def add_programme(self, programme: Programme) -> None:
        self.insert_versioned(PROGRAMMES, to_doc(programme))

    def programme(self, programme_id: str, expected: frozenset[int] | None = None) -> Programme:
        return from_doc(Programme, self.load(PROGRAMMES, programme_id, "programme", expected))

    def save_programme(self, programme: Programme) -> None:
        self.replace_versioned(PROGRAMMES, to_doc(programme), "programme")

    def ended_programme_ids(self, today: date) -> list[str]:
        query = {"state": "open", "period_end": {"$lt": today.isoformat()}}
        return [d["_id"] for d in self[PROGRAMMES].find(query, {"_id": 1})]

    # --- applications ----------------------------------------------------------------------------
    def add_application(self, application: Application) -> None:
        self.insert_versioned(APPLICATIONS, to_doc(application))

    def application(self, application_id: str) -> Application:
        return from_doc(Application, self.load(APPLICATIONS, application_id, "application"))

    def save_application(self, application: Application) -> None:
        self.replace_versioned(APPLICATIONS, to_doc(application), "application")

    def applications_of_contract(self, contract_id: str) -> list[Application]:
        return self._applications({"contract_id": contract_id})

    def applications_flagged_by(self, violation_id: str) -> list[Application]:
        return self._applications({"recovery.violation_id": violation_id})

    def _applications(self, query: dict) -> list[Application]:
        ids = [d["_id"] for d in self[APPLICATIONS].find(query, {"_id": 1}).sort("_id")]
        return [self.application(i) for i in ids]

    # --- projections ------------------------------------------------------------------------------
    def save_firm(self, data: dict, time: str) -> None:
        values = {
            "name": data["name"],
            "size": data["size"],
            "section": data.get("industry_section"),
            "county": data["county"],
            "town": data.get("town"),
            "status": data.get("status", "active"),
        }
        self.upsert_newer(ENTERPRISES, data["enterprise_id"], "profile_time", time, values, on_insert={})

    def firm(self, enterprise_id: str | None) -> Firm | None:
        doc = self[ENTERPRISES].find_one({"_id": enterprise_id}) if enterprise_id else None
        return firm_from_doc(doc) if doc else None

    def save_provider(self, data: dict, time: str) -> None:
        values = {
            "name": data["name"],
            "kind": data["kind"],
            "county": data.get("county"),
            "town": data.get("town"),
            "status": data["status"],
            "base_since": data.get("cluster_base_since"),
            "base_until": data.get("cluster_base_until"),
        }
        self.upsert_newer(PROVIDERS, data["agency_id"], "profile_time", time, values, on_insert={})

    def provider(self, agency_id: str) -> Provider | None:
        doc = self[PROVIDERS].find_one({"_id": agency_id})
        return provider_from_doc(doc) if doc else None

    def save_contract(self, event_type: str, data: dict) -> None:
        """Keep a contract's latest state: a later stage never goes back (termination wins over completion)."""
        rank = CONTRACT_RANK[event_type]
        contract_id = data["contract_id"]
        self[CONTRACTS].update_one({"_id": contract_id}, {"$setOnInsert": {"rank": 0}}, upsert=True)
        dated = {k: data[k] for k in ("signed_on", "completed_on", "terminated_on") if data.get(k)}
        base = {
            k: data.get(k)
            for k in ("agency_id", "buyer_type", "enterprise_id", "category", "county", "town", "price_fen")
        }
        self[CONTRACTS].update_one({"_id": contract_id}, {"$set": {**base, **dated}})
        status = event_type.removeprefix("contract-")
        self[CONTRACTS].update_one(
            {"_id": contract_id, "rank": {"$lt": rank}}, {"$set": {"rank": rank, "status": status}}
        )

    def deal(self, contract_id: str) -> Deal | None:
        doc = self[CONTRACTS].find_one({"_id": contract_id})
        return deal_from_doc(doc) if doc and "status" in doc else None

    def mark_false_report(self, contract_id: str, violation_id: str, agency_id: str) -> None:
        """A false-report violation of `agency_id` stands on the contract (it may arrive before the contract's own
        events; it counts only if the contract is that agency's)."""
        entry = {"violation_id": violation_id, "agency_id": agency_id}
        self[CONTRACTS].update_one(
            {"_id": contract_id}, {"$addToSet": {"false_reports": entry}, "$setOnInsert": {"rank": 0}}, upsert=True
        )

    def clear_false_report(self, violation_id: str) -> None:
        """The violation was revoked: it never stood."""
        self[CONTRACTS].update_many(
            {"false_reports.violation_id": violation_id}, {"$pull": {"false_reports": {"violation_id": violation_id}}}
        )

    def add_grade(self, event_id: str, agency_id: str, as_of: str, grade: str, time: str) -> None:
        """A rating-changed's grade of its day, as published (set, not inserted: a correction naming the event may
        have come first; the same event always says the same)."""
        self[GRADES].update_one(
            {"_id": event_id},
            {"$set": {"agency_id": agency_id, "as_of": as_of, "grade": grade, "time": time}},
            upsert=True,
        )

    def correct_grades(self, agency_id: str, corrections: list[dict], by: str, time: str) -> None:
        """A correcting rating-changed (`by`, at `time`): each earlier event's day has the corrected grade. Kept
        beside the published one, once per correcting event, so a replay changes nothing and the earlier event,
        arriving later, keeps it; `time` stands for the earlier event's until it arrives. A correction of another
        agency's grade or of another day is `Invalid` (a dead letter)."""
        days = {c["event_id"]: c["as_of"] for c in corrections}
        for doc in self[GRADES].find({"_id": {"$in": list(days)}}, {"agency_id": 1, "as_of": 1}):
            if (doc["agency_id"], doc["as_of"]) != (agency_id, days[doc["_id"]]):
                raise Invalid(f"the correction of {doc['_id']} names another agency or day than that event")
        self[GRADES].bulk_write(
            [
                UpdateOne(
                    {"_id": c["event_id"]},
                    {
                        "$setOnInsert": {"agency_id": agency_id, "as_of": c["as_of"], "time": time},
                        "$addToSet": {"corrections": {"by": by, "time": time, "grade": c["new_grade"]}},
                    },
                    upsert=True,
                )
                for c in corrections
            ],
            ordered=False,
        )

    def grades(self, agency_id: str) -> list[DatedGrade]:
        return [grade_from_doc(d) for d in self[GRADES].find({"agency_id": agency_id})]

    def sme_inputs(self, county: str | None) -> tuple[list, list]:
        """Enterprises and contracts of a county (None: all): what says which SMEs a service covers."""
        where = {"county": county} if county else {}
        firms = [firm_from_doc(d) for d in self[ENTERPRISES].find({**where, "size": {"$exists": True}})]
        deals = [deal_from_doc(d) for d in self[CONTRACTS].find({**where, "status": {"$exists": True}})]
        return firms, deals

    def coverage_inputs(self, county: str | None) -> tuple[list, list, list, list, TalentFacts]:
        """`sme_inputs`, approved purchase subsidies (to enterprises: cluster-base support and town rewards are
        no coverage) and providers with their grades, of a county (None: all), and the talent facts."""
        where = {"county": county} if county else {}
        firms, deals = self.sme_inputs(county)
        grants = [
            grant_from_doc(d)
            for d in self[APPLICATIONS].find(
                {**where, "kind": Kind.ENTERPRISE_PURCHASE.value, "status": {"$in": ["approved", "paid"]}}
            )
        ]
        grades: dict[str, list[DatedGrade]] = {}
        for doc in self[GRADES].find({}):
            grades.setdefault(doc["agency_id"], []).append(grade_from_doc(doc))
        providers = [(p := provider_from_doc(d), grades.get(p.id, [])) for d in self[PROVIDERS].find(where)]
        return firms, deals, grants, providers, self.talent_facts()
