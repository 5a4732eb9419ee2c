"""Valid event data of every catalogue type (checked against the catalogue by the tests)."""
from __future__ import annotations

AGENCY, ENTERPRISE, BUYER = "91330482MA2B3C4D5E", "91330482MA7X8Y9Z0Q", "91330482MA7X8Y9Z0Q"
EXPERT, REGULATOR, FUNDER = "ex-1", "330400", "330482"
CONTRACT = {"contract_id": "c-1", "demand_id": "d-1", "agency_id": AGENCY, "buyer_id": BUYER,
            "buyer_type": "enterprise", "category": "safety_evaluation", "county": "330482", "price_fen": 4_500_000,
            "town": "330482001", "enterprise_id": ENTERPRISE, "signed_on": "2026-11-02", "industry": "C"}
SUBSIDY = {"application_id": "app-1", "programme_id": "p-1", "kind": "enterprise_purchase", "applicant_id": ENTERPRISE,
           "subject_id": "c-1", "funder": FUNDER, "county": "330482", "town": "330482001", "amount_fen": 1_000_000}
REQUEST = {"request_id": "er-1", "requester_id": REGULATOR, "requester_type": "government", "task": "review"}
AGENCY_STATE = {"agency_id": AGENCY, "name": "平湖市安澜安全评价有限公司", "uscc": AGENCY, "kind": "agency",
                "categories": ["safety_evaluation"], "qualifications": [], "county": "330482", "town": "330482001",
                "email": "lu.xiaofeng@example.cn", "status": "active"}
ENTERPRISE_STATE = {"enterprise_id": ENTERPRISE, "name": "平湖市当湖精工五金制品有限公司", "uscc": ENTERPRISE,
                    "industry": "C3311", "size": "small", "county": "330482", "town": "330482001"}
EXPERT_STATE = {"expert_id": EXPERT, "name": "沈国华", "county": "330482", "industries": ["C"], "specialties": ["机械安全"],
                "grade": "senior", "available": True, "status": "active"}
INSPECTION = {"inspection_id": "i-1", "kind": "service_inspection", "agency_id": AGENCY, "inspected_on": "2026-11-03",
              "contract_id": "c-1", "enterprise_id": ENTERPRISE, "inspector": "张工", "passed": False, "findings": 0,
              "hazards_general": 3, "hazards_major": 1, "hazards_rectified": 1, "major_hazard": True,
              "county": "330482", "town": "330482001"}
VIOLATION_CASE = {"agency_id": AGENCY, "violation_id": "v-1", "contract_id": None, "buyer_id": None,
                  "recorded_by": REGULATOR}
CLAIM_CASE = {"agency_id": AGENCY, "violation_id": None, "contract_id": "c-1", "buyer_id": BUYER, "recorded_by": None}

SAMPLES: dict[str, dict] = {
    "agency-registered": AGENCY_STATE,
    "agency-updated": AGENCY_STATE,
    "enterprise-registered": ENTERPRISE_STATE,
    "enterprise-updated": ENTERPRISE_STATE,
    "expert-registered": EXPERT_STATE,
    "expert-updated": EXPERT_STATE,
    "demand-posted": {"demand_id": "d-1", "buyer_id": BUYER, "buyer_type": "enterprise", "category": "safety_evaluation",
                      "county": "330482", "town": "330482001", "industry": "C", "budget_fen": 4_800_000,
                      "offer_deadline": "2026-11-20T00:00:00+00:00", "needed_qualification": None,
                      "enterprise_id": ENTERPRISE},
    "offer-submitted": {"offer_id": "o-1", "demand_id": "d-1", "agency_id": AGENCY, "price_fen": 4_500_000,
                        "duration_days": 45},
    "contract-signed": CONTRACT,
    "contract-completed": {**CONTRACT, "completed_on": "2026-11-05", "on_time": True, "score": 5},
    "contract-terminated": {**CONTRACT, "terminated_on": "2026-11-05", "at_fault": "agency", "reason": "未按期进场"},
    "inspection-completed": INSPECTION,
    "violation-recorded": {"violation_id": "v-1", "agency_id": AGENCY, "severity": "general", "code": "late-report",
                           "description": "报告逾期", "occurred_on": "2026-11-01", "recorded_on": "2026-11-02",
                           "recorded_by": "嘉兴市应急管理局"},
    "violation-revoked": {"violation_id": "v-1", "agency_id": AGENCY, "reason": "objection upheld: 回执属实"},
    "rating-changed": {"agency_id": AGENCY, "as_of": "2026-11-02", "old_score": 100, "new_score": 95,
                       "old_grade": "B", "new_grade": "C", "reasons": ["+violation.general:late-report"],
                       "interview_required": False, "rectification_until": None, "listed_until": None,
                       "rule_version": "1"},
    "objection-filed": {**VIOLATION_CASE, "filed_on": "2026-11-03", "reason": "报告已按期提交，有回执",
                        "filed_by": AGENCY},
    "objection-ruled": {**VIOLATION_CASE, "ruled_on": "2026-11-10", "upheld": False, "note": "查证属实",
                        "ruled_by": REGULATOR},
    "repair-applied": {**VIOLATION_CASE, "applied_on": "2027-02-03", "evidence": "已完成整改，附培训记录",
                       "applied_by": AGENCY},
    "repair-decided": {**VIOLATION_CASE, "decided_on": "2027-02-10", "approved": True, "note": "同意",
                       "decided_by": REGULATOR},
    "claim-accepted": {**CLAIM_CASE, "accepted_on": "2026-11-06", "accepted_by": AGENCY},
    "subsidy-approved": {**SUBSIDY, "approved_on": "2026-11-06"},
    "subsidy-rejected": {**SUBSIDY, "step": "county", "reason": "合同不属于补助范围", "cancelled": False},
    "subsidy-paid": {**SUBSIDY, "paid_on": "2026-11-09", "payment_reference": "JXCZ-2026-0001"},
    "subsidy-clawback-flagged": {**SUBSIDY, "recovery_fen": 1_000_000, "flagged_on": "2026-12-01",
                                 "reason": "合同提前终止：机构未按期进场"},
    "subsidy-applied": {**SUBSIDY, "contract_id": "c-1", "submitted_on": "2026-11-05"},
    "expert-requested": {**REQUEST, "experts_needed": 2, "specialties": ["机械安全"], "industries": ["C"],
                         "min_grade": "senior", "counties": [], "first_day": "2026-11-10", "last_day": "2026-11-11",
                         "reviewed_party_id": ENTERPRISE, "seed": "ab" * 32, "public_value": "2026-11-02",
                         "candidates": 6, "eligible_count": 3, "excluded_count": 3},
    "expert-drawn": {**REQUEST, "expert_id": EXPERT, "position": 0, "answer_by": "2026-11-04T02:00:00+00:00",
                     "first_day": "2026-11-10", "last_day": "2026-11-11"},
    "expert-engagement-answered": {**REQUEST, "expert_id": EXPERT, "answer": "accepted", "reason": None,
                                   "answered_at": "2026-11-03T02:00:00+00:00", "panel": "complete", "accepted": 2},
    "expert-engagement-completed": {**REQUEST, "completed_on": "2026-11-11",
                                    "evaluations": [{"expert_id": EXPERT, "score": 5}]},
    "notice-delivered": {"notice_id": "n_1", "org_id": AGENCY, "event_type": "violation-recorded", "event_id": "e-1",
                         "event_subject": AGENCY, "channel": "inbox", "delivered_at": "2026-11-02T02:00:00+00:00"},
}

NOTICE_SAMPLES: dict[str, dict] = {
    "qualification-expiring": {"agency_id": AGENCY, "category": "safety_evaluation", "certificate_no": "APJ-1",
                               "level": "乙级", "issuer": "浙江省应急管理厅", "valid_from": "2024-01-01",
                               "valid_until": "2026-12-01"},
    "webhook-disabled": {"org_id": AGENCY, "webhook_id": "wh_1", "url": "https://example.cn/hook", "failures": 10,
                         "error": "HTTP 500"},
    "demand-digest": {"org_id": AGENCY},
}
