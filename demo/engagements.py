"""Expert engagements (专家抽取): requests for a panel of experts, drawn by matching at random with recusal;
who declines, how the requester evaluates the panel. Pure: the draw itself is matching's (seeded by the
request's own id), so who is invited differs between builds; how many, and what they answer, does not."""

from __future__ import annotations

import random
from dataclasses import dataclass

from services.common.reference import COUNTY_CODES

from .reference import EXPERT_SECTIONS, SPECIALTIES

TASKS = (
    ("review", "安全现状评价报告技术评审"),
    ("enforcement_support", "危险化学品企业执法检查技术支持"),
    ("inspection", "粉尘涉爆企业专项检查"),
    ("consultation", "企业安全生产标准化建设咨询"),
)


@dataclass(frozen=True)
class ExpertRequest:
    key: str
    requester: tuple[str, str]  # token (role, org)
    body: dict  # the POST /expert-requests body, without its days
    starts_in: int  # days from today to the first day of the work
    declines: int  # how many of the first invited decline (with a reason)
    scores: tuple[int, ...]  # the requester's evaluations, one per panel member in turn


def expert_requests(
    rng: random.Random, count: int, enterprises: list[dict], agencies: list[str]
) -> list[ExpertRequest]:
    """Each from another requester (the draw keeps away experts a requester had within 90 days)."""
    government = [("regulator", "330400")] + [("official", county) for county in COUNTY_CODES]
    made = []
    for index in range(count):
        requester = government[index] if index < len(government) else ("enterprise", enterprises[index]["uscc"])
        task, description = rng.choice(TASKS)
        made.append(
            ExpertRequest(
                f"x{index + 1:03d}",
                requester,
                {
                    "task": task,
                    "experts_needed": rng.choice((2, 2, 3)),
                    "specialties": list(SPECIALTIES),
                    "industries": list(EXPERT_SECTIONS),
                    "min_grade": "junior",
                    "description": description,
                    "reviewed_party_id": rng.choice(agencies) if task == "review" else None,
                },
                starts_in=3 + 4 * index,
                declines=1 if index == 0 else int(rng.random() < 0.3),
                scores=tuple(rng.choice((3, 4, 4, 5, 5)) for _ in range(3)),
            )
        )
    return made
