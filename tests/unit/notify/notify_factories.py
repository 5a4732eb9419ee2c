"""Valid event data of every type notify tells about (checked against the catalogue by the tests)."""
from __future__ import annotations

AGENCY, ENTERPRISE, BUYER = "91330482MA2B3C4D5E", "91330482MA7X8Y9Z0Q", "91330482MA7X8Y9Z0Q"
CONTRACT = {"contract_id": "c-1", "demand_id": "d-1", "agency_id": AGENCY, "buyer_id": BUYER,
            "buyer_type": "enterprise", "category": "safety_evaluation", "county": "330482", "price_fen": 4_500_000,
            "town": "330482001", "enterprise_id": ENTERPRISE, "signed_on": "2026-11-02", "industry": "C"}
SUBSIDY = {"application_id": "app-1", "programme_id": "p-1", "applicant_id": ENTERPRISE, "amount_fen": 1_000_000,
           "reason": "材料齐全"}
INSPECTION = {"inspection_id": "i-1", "kind": "service_inspection", "agency_id": AGENCY, "inspected_on": "2026-11-03",
              "contract_id": "c-1", "enterprise_id": ENTERPRISE, "inspector": "张工", "passed": False, "findings": 0,
              "hazards_general": 3, "hazards_major": 1, "hazards_rectified": 1, "major_hazard": True,
              "county": "330482", "town": "330482001"}

SAMPLES: dict[str, dict] = {
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
    "subsidy-approved": SUBSIDY,
    "subsidy-rejected": SUBSIDY,
    "subsidy-paid": {**{k: v for k, v in SUBSIDY.items() if k != "reason"}, "paid_on": "2026-11-09"},
}

NOTICE_SAMPLES: dict[str, dict] = {
    "qualification-expiring": {"agency_id": AGENCY, "category": "safety_evaluation", "certificate_no": "APJ-1",
                               "level": "乙级", "issuer": "浙江省应急管理厅", "valid_from": "2024-01-01",
                               "valid_until": "2026-12-01"},
    "webhook-disabled": {"org_id": AGENCY, "webhook_id": "wh_1", "url": "https://example.cn/hook", "failures": 10,
                         "error": "HTTP 500"},
    "demand-digest": {"org_id": AGENCY},
}
