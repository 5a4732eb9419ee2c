"""The rules, as data: for each catalogue event type, who is told (告知对象), with which template, on which
channels, and whether it is a legal notice (法定告知: cannot be muted) or urgent (紧急: ignores quiet hours).

An audience entry is either a data field holding an organisation id (`agency_id`) or a lookup in notify's own
projections (`@...`, resolved by the service layer). Notices that come from no event (a qualification about to
lapse, a disabled webhook, the daily digest) are in NOTICES with the same shape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from services.common.events.catalogue.matching import buyer_claim

INBOX, EMAIL, SMS, WEBHOOK = "inbox", "email", "sms", "webhook"
CHOOSABLE = (EMAIL, SMS)  # per kind in the preferences; the inbox always; webhooks follow their subscriptions

DEMAND_BUYER = "@demand-buyer"  # the buyer of data.demand_id (projection of demand-posted)
FITTING_AGENCIES = "@fitting-agencies"  # active agencies with a valid qualification for data.category in data.county
REGULATORS = "@regulators"  # town and county regulators (division codes) of the site, the enterprise or
#                                         the agency (its home); failing all, the authority that recorded the violation

KINDS = (
    "demand",
    "offer",
    "contract",
    "hazard",
    "inspection",
    "credit",
    "qualification",
    "subsidy",
    "expert",
    "platform",
    "work",  # the daily digest of what awaits an official, finance or a regulator (待办)
)
EXPIRY_WARNING_DAYS = 30


def always(_data: dict) -> bool:
    return True


def never(_data: dict) -> bool:
    return False


def major_hazard(data: dict) -> bool:
    """重大隐患 found at the inspected site."""
    return bool(data.get("major_hazard")) or (data.get("hazards_major") or 0) > 0


def rates_the_agency(data: dict) -> bool:
    """A quality spot check or mutual inspection of the agency's own work."""
    return data.get("kind") in ("quality_spot_check", "mutual_inspection")


def panel_complete(data: dict) -> bool:
    """The answer that completed an expert panel (专家组已组成)."""
    return data["panel"] == "complete"


def on_claim(data: dict) -> bool:
    """A due-process step on a buyer's at-fault claim (not on a violation)."""
    return bool(data.get("contract_id"))


def adverse_rating(data: dict) -> bool:
    """A grade change (not the first rating), an interview (约谈), rectification (限期整改) or listing (严重失信)."""
    regraded = data.get("old_grade") is not None and data["old_grade"] != data["new_grade"]
    return regraded or bool(
        data.get("interview_required") or data.get("rectification_until") or data.get("listed_until")
    )


@dataclass(frozen=True)
class Rule:
    template: str  # templates/<template>.j2
    kind: str  # what the preferences choose channels for
    audience: tuple[str, ...]
    channels: tuple[str, ...] = (EMAIL,)  # default besides the inbox
    legal: Callable[[dict], bool] = never
    urgent: Callable[[dict], bool] = never
    digest: bool = False  # the addressee may take these as a daily digest
    applies: Callable[[dict], bool] = always
    revocable: bool = False  # about a violation and inviting an objection: replaced if it is revoked before delivery


PARTIES = ("agency_id", "buyer_id")

RULES: dict[str, tuple[Rule, ...]] = {
    "demand-posted": (Rule("demand-posted", "demand", (FITTING_AGENCIES,), digest=True),),
    "offer-submitted": (Rule("offer-submitted", "offer", (DEMAND_BUYER,)),),
    "contract-signed": (Rule("contract-signed", "contract", PARTIES),),
    "contract-completed": (Rule("contract-completed", "contract", PARTIES),),
    # a buyer's at-fault claim is a legal notice to the agency: its delivery (notice-delivered) starts the objection
    # period in credit
    "contract-terminated": (
        Rule("contract-terminated", "contract", ("agency_id",), legal=buyer_claim),
        Rule("contract-terminated", "contract", ("buyer_id",)),
    ),
    "inspection-completed": (
        Rule(
            "inspection-completed",
            "hazard",
            ("enterprise_id", REGULATORS),
            (EMAIL, SMS),
            urgent=always,
            applies=major_hazard,
        ),
        Rule("inspection-spot-check", "inspection", ("agency_id",), (), applies=rates_the_agency),
    ),
    "violation-recorded": (Rule("violation-recorded", "credit", ("agency_id",), legal=always, revocable=True),),
    "violation-served": (Rule("violation-served", "credit", ("agency_id",), legal=always, revocable=True),),
    "violation-revoked": (Rule("violation-revoked", "credit", ("agency_id",)),),
    "rating-changed": (Rule("rating-changed", "credit", ("agency_id",), (), legal=adverse_rating),),
    # credit's due process: every decision about the agency is a legal notice; the buyer hears what becomes of its
    # claim; regulators what waits for their ruling. The agency's own steps are its own acts (not told back to it).
    "objection-filed": (
        Rule("objection-filed", "credit", (REGULATORS,)),
        Rule("objection-filed-buyer", "credit", ("buyer_id",), applies=on_claim),
    ),
    "objection-ruled": (
        Rule("objection-ruled", "credit", ("agency_id",), legal=always),
        Rule("objection-ruled-buyer", "credit", ("buyer_id",), applies=on_claim),
    ),
    "repair-applied": (Rule("repair-applied", "credit", (REGULATORS,)),),
    "repair-decided": (Rule("repair-decided", "credit", ("agency_id",), legal=always),),
    "claim-accepted": (Rule("claim-accepted", "credit", ("buyer_id",)),),
    "subsidy-approved": (Rule("subsidy-approved", "subsidy", ("applicant_id",)),),
    "subsidy-rejected": (Rule("subsidy-rejected", "subsidy", ("applicant_id",)),),
    "subsidy-paid": (Rule("subsidy-paid", "subsidy", ("applicant_id",)),),
    "subsidy-clawback-flagged": (  # 追回: the applicant must repay (法定告知), the funder recovers
        Rule("subsidy-clawback-flagged", "subsidy", ("applicant_id",), legal=always),
        Rule("subsidy-clawback-funder", "subsidy", ("funder",)),
    ),
    "subsidy-recovered": (Rule("subsidy-recovered", "subsidy", ("applicant_id",)),),
    "subsidy-clawback-lifted": (Rule("subsidy-clawback-lifted", "subsidy", ("applicant_id", "funder")),),
    # experts have no contact in events: e-mail only to an address the expert gives in the preferences
    "expert-drawn": (Rule("expert-drawn", "expert", ("expert_id",)),),
    "expert-engagement-answered": (
        Rule("expert-engagement-answered", "expert", ("requester_id",), applies=panel_complete),
    ),
    "expert-request-cancelled": (Rule("expert-request-cancelled", "expert", ("experts",)),),
    # practitioners (从业人员): a refused second registration is how 挂靠 shows: the regulators of his employer
    "practitioner-registration-refused": (Rule("practitioner-registration-refused", "qualification", (REGULATORS,)),),
    "certificate-verified": (Rule("certificate-verified", "qualification", ("agency_id",)),),
    "continuing-education-flagged": (Rule("continuing-education-flagged", "qualification", ("agency_id",)),),
    "talent-recorded": (Rule("talent-recorded", "qualification", ("agency_id",)),),
}

#: consumed or published, but nobody is told
IGNORED: dict[str, str] = {
    "agency-registered": "projection only: organisation, e-mail, categories, qualifications",
    "agency-updated": "projection only: organisation, e-mail, categories, qualifications",
    "enterprise-registered": "projection only: organisation, e-mail, divisions",
    "enterprise-updated": "projection only: organisation, e-mail, divisions",
    "expert-registered": "no projection: experts are addressed by id and their events carry no contact (by design)",
    "expert-updated": "no projection: experts are addressed by id and their events carry no contact (by design)",
    "subsidy-applied": "the applicant acted itself; reviewers work from subsidy's queue",
    "subsidy-step-changed": "projection only: what awaits each official and finance, counted in the daily work digest",
    "subsidy-budget-topped-up": "the funder acted itself; the top-up and its reason are in the public programme list",
    "expert-requested": "the requester acted itself; the draw's audit is matching's",
    "expert-engagement-completed": "the requester recorded it itself; experts see their record in matching",
    "notice-delivered": "published by notify itself",
    "practitioner-joined": "the agency registered its own staff",
    "practitioner-left": "the agency recorded it itself",
    "training-recorded": "the training provider or regulator recorded it; the agency sees the hours in the registry",
}

NOTICES: dict[str, Rule] = {
    "qualification-expiring": Rule("qualification-expiring", "qualification", ("agency_id",)),
    "webhook-disabled": Rule("webhook-disabled", "platform", ("org_id",)),
    "demand-digest": Rule("demand-digest", "demand", ("org_id",)),
    "work-digest": Rule("work-digest", "work", ("org_id",)),
}


def rules_for(event_type: str, data: dict) -> list[Rule]:
    """The rules that apply to one event."""
    return [rule for rule in RULES.get(event_type, ()) if rule.applies(data)]


def organisations(rule: Rule, data: dict) -> list[str]:
    """The addressees named by the event's own data, a field holding one id or a list of ids (lookups are left to the
    service)."""
    named = [data[a] for a in rule.audience if not a.startswith("@") and data.get(a)]
    return [org for ids in named for org in (ids if isinstance(ids, list) else [ids])]


def extras(template: str, data: dict, event_day: date) -> dict:
    """Facts a template states beyond the event data: the day a violation is dated (`recorded_on`, by default the
    day of its event); the day a revocation reached the platform (`revoked_on`: an ended one ends the effect then)."""
    if template == "violation-recorded":
        return {"recorded_on": data.get("recorded_on") or event_day.isoformat()}
    if template == "violation-revoked":
        return {"revoked_on": event_day.isoformat()}
    return {}


def expiring(qualifications: list[dict], today: date) -> list[dict]:
    """Qualifications whose last valid day falls within the next EXPIRY_WARNING_DAYS days (today included)."""
    last = today + timedelta(days=EXPIRY_WARNING_DAYS)
    return [q for q in qualifications if today <= date.fromisoformat(q["valid_until"]) <= last]
