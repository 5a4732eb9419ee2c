"""Money records of the subsidy store: the one budget of each programme across its versions, the counters its
caps read, payments and recovery receipts recorded once by their reference.

A budget document (`_id` = the programme's lineage: its first version's id) holds `total/left/reserved/spent`
fen, `recovered_fen` and the `top_ups`; it changes only by conditional `$inc` inside the unit of work of the state
change, so no two transactions can both take the last fen, under whichever version.
"""

from __future__ import annotations

from services.common.errors import Conflict
from services.common.schemas import MAX_FEN
from services.common.storage.store import Store

from ..domain.amounts import Used
from ..domain.applications import Application

BUDGETS, USAGE, PAYMENTS, RECEIPTS = "budgets", "usage", "payments", "recovery_receipts"
FIGURES = ("total_fen", "left_fen", "reserved_fen", "spent_fen", "recovered_fen")


class MoneyStore(Store):
    def open_budget(self, lineage: str, total_fen: int) -> None:
        """The programme's budget, made when its first version opens; a later version finds it there."""
        self[BUDGETS].update_one(
            {"_id": lineage},
            {"$setOnInsert": {**dict.fromkeys(FIGURES, 0), "total_fen": total_fen, "left_fen": total_fen}},
            upsert=True,
        )

    def budget(self, lineage: str) -> dict:
        """The budget's figures and top-ups (all 0 before the programme opens)."""
        found = self[BUDGETS].find_one({"_id": lineage}) or {}
        return {"_id": lineage, **{k: found.get(k, 0) for k in FIGURES}, "top_ups": found.get("top_ups", [])}

    def top_up(self, lineage: str, fen: int, entry: dict) -> bool:
        """Raise total and left by `fen` (never beyond MAX_FEN), keeping the entry (who, why, when)."""
        found = self[BUDGETS].update_one(
            {"_id": lineage, "total_fen": {"$lte": MAX_FEN - fen}},
            {"$inc": {"total_fen": fen, "left_fen": fen}, "$push": {"top_ups": entry}},
        )
        return found.modified_count == 1

    def reserve(self, lineage: str, fen: int) -> bool:
        """Hold `fen` of the budget if that much is left (one conditional update: never overspends)."""
        found = self[BUDGETS].update_one(
            {"_id": lineage, "left_fen": {"$gte": fen}}, {"$inc": {"left_fen": -fen, "reserved_fen": fen}}
        )
        return found.modified_count == 1

    def release(self, lineage: str, fen: int) -> None:
        self._move(lineage, fen, "reserved_fen", "left_fen")

    def spend(self, lineage: str, fen: int) -> None:
        self._move(lineage, fen, "reserved_fen", "spent_fen")

    def recover(self, lineage: str, fen: int) -> None:
        """Money paid and recovered: it stays spent (the funder's treasury takes it back, the budget does not
        grow again without a top-up) and is counted as recovered (each application's receipts stay within
        what was paid for it)."""
        self[BUDGETS].update_one({"_id": lineage}, {"$inc": {"recovered_fen": fen}})

    def _move(self, lineage: str, fen: int, source: str, target: str) -> None:
        found = self[BUDGETS].update_one({"_id": lineage, source: {"$gte": fen}}, {"$inc": {source: -fen, target: fen}})
        if found.modified_count != 1:
            raise Conflict(f"the budget of {lineage} holds less than {fen} fen in {source}")

    # --- caps -------------------------------------------------------------------------------------
    def used(self, lineage: str, beneficiary: str, year: int, contract_id: str | None) -> Used:
        """Money counted against the beneficiary's yearly cap in this programme (all versions), and on the
        contract."""
        return Used(
            self._usage(("beneficiary", lineage, beneficiary, str(year))),
            self._usage(("contract", contract_id)) if contract_id else 0,
        )

    def count_usage(self, a: Application, fen: int) -> None:
        """Add (or, negative, remove) an application's amount to the counts its caps read."""
        keys = [("beneficiary", a.lineage, a.applicant_id, str(a.year))]
        keys += [("contract", a.contract_id)] if a.contract_id else []
        for key in keys:
            self[USAGE].update_one({"_id": "|".join(key)}, {"$inc": {"fen": fen}}, upsert=True)

    def _usage(self, key: tuple) -> int:
        doc = self[USAGE].find_one({"_id": "|".join(key)})
        return doc["fen"] if doc else 0

    # --- references recorded once -----------------------------------------------------------------
    def payment(self, reference: str) -> dict | None:
        return self[PAYMENTS].find_one({"_id": reference})

    def add_payment(self, reference: str, application_id: str, by: str) -> None:
        """A payment reference is recorded once (a second use fails on the unique _id)."""
        self[PAYMENTS].insert_one({"_id": reference, "application_id": application_id, "by": by, "at": self.uow.now})

    def receipt(self, reference: str) -> dict | None:
        return self[RECEIPTS].find_one({"_id": reference})

    def add_receipt(self, reference: str, application_id: str, fen: int, by: str) -> None:
        """A recovery receipt's reference is recorded once (a second use fails on the unique _id)."""
        self[RECEIPTS].insert_one(
            {"_id": reference, "application_id": application_id, "amount_fen": fen, "by": by, "at": self.uow.now}
        )
