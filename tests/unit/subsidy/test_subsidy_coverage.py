"""Coverage and the yearly assessment: SMEs covered by a contract in the window, per county and town."""

from __future__ import annotations

from subsidy_factories import COUNTY, TOWN, d, deal, firm, provider

from services.subsidy.domain.amounts import DatedGrade
from services.subsidy.domain.coverage import Grant, coverage, last_twelve_months, year_window
from services.subsidy.domain.talent import TalentFacts

OTHER_TOWN = "330482002"
WINDOW = (d("2025-06-02"), d("2026-06-01"))


def figures(firms, deals=(), grants=(), providers=(), targets=None, codes=(COUNTY, TOWN, OTHER_TOWN), talent=None):
    inputs = (list(firms), list(deals), list(grants), list(providers), talent or TalentFacts())
    rows = coverage(list(codes), *inputs, WINDOW, targets or {})
    return {r.division: r for r in rows}


def test_windows():
    assert last_twelve_months(d("2026-06-01")) == WINDOW
    assert last_twelve_months(d("2028-02-29")) == (d("2027-03-01"), d("2028-02-29"))
    assert year_window(2025, d("2026-06-01")) == (d("2025-01-01"), d("2025-12-31"))
    assert year_window(2026, d("2026-06-01")) == (d("2026-01-01"), d("2026-06-01"))


def test_an_sme_is_covered_by_a_contract_signed_or_completed_in_the_window():
    firms = [
        firm(id="e1"),
        firm(id="e2"),
        firm(id="e3", town=OTHER_TOWN),
        firm(id="big", size="large"),
        firm(id="gone", status="deregistered"),
    ]
    deals = [
        deal(id="c1", enterprise_id="e1", status="signed", signed_on=d("2026-05-01"), completed_on=None),
        deal(id="c2", enterprise_id="e2", signed_on=d("2025-01-01"), completed_on=d("2025-06-01")),  # too early
        deal(id="c3", enterprise_id="e3", status="terminated"),
        deal(id="c4", enterprise_id="big"),
    ]
    rows = figures(firms, deals)
    assert (rows[COUNTY].registered_smes, rows[COUNTY].covered_smes, rows[COUNTY].share_permille) == (3, 1, 333)
    assert (rows[TOWN].registered_smes, rows[TOWN].covered_smes, rows[TOWN].share_permille) == (2, 1, 500)
    assert (rows[OTHER_TOWN].covered_smes, rows[OTHER_TOWN].met) == (0, False)
    assert rows[COUNTY].contracts_by_category == {"safety_evaluation": 2}  # c1 and the large firm's c4


def test_the_target_decides_met():
    rows = figures([firm()], [deal()], targets={TOWN: 1000, COUNTY: 900})
    assert rows[TOWN].met and rows[COUNTY].met and rows[TOWN].target_permille == 1000
    assert not figures([], codes=(TOWN,))[TOWN].met  # no SMEs: nothing to meet


def test_subsidies_count_on_their_approval_and_payment_days():
    grants = [
        Grant(COUNTY, TOWN, 100, d("2026-01-05"), d("2026-02-01")),
        Grant(COUNTY, TOWN, 50, d("2026-05-30"), None),
        Grant(COUNTY, None, 7, d("2024-01-01"), d("2025-07-01")),
    ]
    rows = figures([], grants=grants)
    c, t = rows[COUNTY], rows[TOWN]
    assert (c.approved_count, c.approved_fen, c.paid_count, c.paid_fen) == (2, 150, 2, 107)
    assert (t.approved_count, t.approved_fen, t.paid_count, t.paid_fen) == (2, 150, 1, 100)


def test_agencies_count_by_their_grade_at_the_end_of_the_window():
    grades = [DatedGrade(d("2026-01-01"), "t1", "B"), DatedGrade(d("2026-07-01"), "t2", "A")]
    providers = [
        (provider(county=COUNTY, town=TOWN), grades),
        (provider(id="ag2", county=COUNTY, town=None), []),
        (provider(id="ag3", county=COUNTY, status="suspended"), grades),
    ]
    rows = figures([], providers=providers)
    assert rows[COUNTY].agencies_by_grade == {"A": 0, "B": 1, "C": 0, "D": 0, "none": 1}
    assert rows[TOWN].agencies_by_grade["B"] == 1
