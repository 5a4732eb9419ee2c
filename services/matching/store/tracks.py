"""Each agency's track for recommendations (`domain.recommend.Track`): its contracts running now and those
completed per buyer industry, counted with every contract write; and, per industry, the most contracts any agency
completed (up to the cap: all a bound needs). A recommendation reads the tracks of the providers it ranks, never
every contract of the city.

`tracks`: `{_id: agency id, running: n, done: {industry: n}}` and `{_id: "*best", done: {industry: n}}`.
"""

from __future__ import annotations

from pymongo import ReturnDocument, UpdateOne

from ..domain.contract import RUNNING, ContractStatus
from ..domain.recommend import EXPERIENCE_CAP, Track

TRACKS, BEST = "tracks", "*best"


def count_change(tracks, agency_id: str, industry: str | None, before: str | None, after: str) -> None:
    """Count a contract of `agency_id` moving from status `before` (None: new) to `after`."""
    change = {"running": (after in RUNNING) - (before in RUNNING)}
    completed = (after == ContractStatus.COMPLETED) - (before == ContractStatus.COMPLETED)
    if industry and completed:
        change[f"done.{industry}"] = completed
    change = {k: v for k, v in change.items() if v}
    if not change:
        return
    doc = tracks.find_one_and_update(
        {"_id": agency_id}, {"$inc": change}, upsert=True, return_document=ReturnDocument.AFTER
    )
    if industry and completed > 0:
        done = min(doc["done"][industry], EXPERIENCE_CAP)
        # read first: most completions raise no best, and every write to this one shared document would make
        # concurrent transactions conflict
        best = (tracks.find_one({"_id": BEST}) or {}).get("done", {}).get(industry, 0)
        if done > best:
            tracks.update_one({"_id": BEST}, {"$max": {f"done.{industry}": done}}, upsert=True)


def read(tracks, agency_ids: list[str], industry: str | None) -> tuple[dict[str, Track], int]:
    """The tracks of these agencies (completed contracts in `industry` only), and the most completed contracts
    anyone has in `industry` (up to the cap): one read."""
    found, best = {}, 0
    for doc in tracks.find({"_id": {"$in": [*agency_ids, BEST]}}):
        done = doc.get("done", {}).get(industry, 0) if industry else 0
        if doc["_id"] == BEST:
            best = done
        else:
            found[doc["_id"]] = Track({industry: done} if industry else {}, doc.get("running", 0))
    return found, best


def rebuild(tracks, contracts) -> None:
    """Count every contract anew (tracks kept before this module existed): one aggregation, at set-up."""
    groups = contracts.aggregate(
        [
            {
                "$group": {
                    "_id": {"agency_id": "$agency_id", "status": "$status", "industry": "$industry"},
                    "n": {"$sum": 1},
                }
            }
        ]
    )
    counted: dict[str, dict] = {}
    for group in groups:
        key, n = group["_id"], group["n"]
        doc = counted.setdefault(key["agency_id"], {"running": 0, "done": {}})
        if key["status"] in RUNNING:
            doc["running"] += n
        elif key["status"] == ContractStatus.COMPLETED and key.get("industry"):
            doc["done"][key["industry"]] = doc["done"].get(key["industry"], 0) + n
    best: dict[str, int] = {}
    for doc in counted.values():
        for industry, n in doc["done"].items():
            best[industry] = max(best.get(industry, 0), min(n, EXPERIENCE_CAP))
    tracks.delete_many({})
    tracks.bulk_write(
        [UpdateOne({"_id": a}, {"$set": doc}, upsert=True) for a, doc in counted.items()]
        + [UpdateOne({"_id": BEST}, {"$set": {"done": best}}, upsert=True)]
    )
