"""Frozen bulletins and correction notices (issue 25 items 3 and 7): what is learnt later about a published month
is published as a correction notice of the current month, linked from the corrected entry, which stays as it was;
every bulletin and notice is chained by its digest, and `python -m services.credit.verify` recomputes the chain from
the public JSON of a served credit app, finding a tampered month and every link after it."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from services.credit import jobs
from services.credit.app import create_app
from services.credit.domain.facts import Fact
from services.credit.store import CreditStore
from tests.integration.credit.conftest import agency_registered, violation
from tests.support.harness import new_id
from tests.support.serving import serving
from tests.support.wait import wait_until

ROOT = Path(__file__).resolve().parents[3]
BROWSER = {"Accept": "text/html"}


def _months(credit) -> tuple[date, date]:
    """The 1st of the month before last and of last month (the service clock's)."""
    last = (credit.ctx.clock.today().replace(day=1) - timedelta(days=1)).replace(day=1)
    return (last - timedelta(days=1)).replace(day=1), last


def _published(credit) -> tuple[str, str, str]:
    """Two agencies registered long ago and the bulletins of the two months before this one (after this month's,
    which the worker published when it started, with its first check for corrections)."""
    store = CreditStore(credit.ctx.read())
    wait_until(lambda: store.bulletin(f"{credit.ctx.clock.today():%Y-%m}") and store.checked_through())
    earlier, last = _months(credit)
    mended, other = new_id("ag"), new_id("ag")
    long_ago = f"{(earlier - timedelta(days=40)).isoformat()}T02:00:00.000Z"
    credit.send_and_wait(agency_registered(mended, "更正机构", time=long_ago), agency_registered(other, time=long_ago))
    assert jobs.publish_bulletin(credit.ctx, earlier) and jobs.publish_bulletin(credit.ctx, last)
    return mended, other, last.strftime("%Y-%m")


def _learnt_late(credit, agency_id: str, noticed_on: date) -> None:
    """A severe violation of `noticed_on`, stored only now: what is known now about the past changes."""
    data = violation(agency_id, "severe", recorded_on=noticed_on.isoformat()).data
    fact = Fact(new_id("f"), "violation-recorded", f"{noticed_on.isoformat()}T02:00:00.000Z", data, noticed_on)
    with credit.ctx.uow() as uow:
        CreditStore(uow).add_fact(agency_id, fact)


def test_a_correction_notice_lists_what_changed_and_the_old_entry_links_to_it(credit):
    mended, other, month = _published(credit)
    earlier, last = _months(credit)
    assert jobs.publish_corrections(credit.ctx) is None  # nothing learnt since
    _learnt_late(credit, mended, last - timedelta(days=20))
    credit.send_and_wait(violation(other, "serious"))  # a new case, today: no correction of any bulletin
    notice_id = jobs.publish_corrections(credit.ctx)
    assert notice_id == f"{credit.ctx.clock.today():%Y-%m}-001"
    assert jobs.publish_corrections(credit.ctx) is None  # published once

    notice = credit.client.get(f"/public/credit/corrections/{notice_id}").json
    (line,) = notice["lines"]
    assert (line["bulletin"], line["agency_id"], line["name"]) == (month, mended, "更正机构")
    assert line["before"] == {"score": 100, "grade": "B", "listed_until": None, "rectification_until": None}
    assert (line["after"]["score"], line["after"]["grade"]) == (80, "D") and line["after"]["listed_until"]
    assert notice["published_on"] == credit.ctx.clock.today().isoformat() and len(notice["digest"]) == 64

    entries = {e["agency_id"]: e for e in credit.client.get(f"/public/credit/bulletins/{month}/entries").json["items"]}
    assert (entries[mended]["score"], entries[mended]["grade"]) == (100, "B")  # as published
    assert entries[mended]["corrections"] == [{"notice": notice_id, "after": line["after"]}]
    assert "corrections" not in entries[other]
    page = credit.client.get(f"/public/credit/bulletins/{month}/page").get_data(as_text=True)
    assert f"/public/credit/corrections/{notice_id}/page" in page and "号更正公告" in page
    readable = credit.client.get(f"/public/credit/corrections/{notice_id}/page")
    assert readable.status_code == 200 and "更正机构" in readable.get_data(as_text=True)
    assert [n["id"] for n in credit.client.get("/public/credit/corrections").json] == [notice_id]
    links = credit.client.get("/public/credit/chain").json
    assert [(k["sequence"], k["kind"], k["ref"]) for k in links] == [
        (1, "bulletin", f"{credit.ctx.clock.today():%Y-%m}"),
        (2, "bulletin", earlier.strftime("%Y-%m")),
        (3, "bulletin", month),
        (4, "correction", notice_id),
    ]
    assert [k["previous"] for k in links[1:]] == [k["digest"] for k in links[:3]]
    _pages_and_tables(credit, notice_id, month, links)
    assert credit.client.get("/public/credit/corrections/2024-05-009").status_code == 404
    assert credit.client.get("/public/credit/corrections/2024-05-009/page").status_code == 404


def _pages_and_tables(credit, notice_id: str, month: str, links: list[dict]) -> None:
    """The notices and the chain are pages at their JSON's address for a browser, and CSV: names, never codes."""
    title = f"{notice_id[:4]} 年 {int(notice_id[5:7])} 月第 1 号信用公示更正公告"
    notices = credit.client.get("/public/credit/corrections", headers=BROWSER)
    assert notices.content_type.startswith("text/html") and title in notices.text and "更正机构" in notices.text
    notice = credit.client.get(f"/public/credit/corrections/{notice_id}", headers=BROWSER).text
    assert "更正后信用分" in notice and 'data-label="更正后等级">D 级' in notice
    chain = credit.client.get("/public/credit/chain", headers=BROWSER).text
    assert all(link["digest"] in chain for link in links) and "python -m services.credit.verify http" in chain
    table = list(csv.reader(io.StringIO(credit.client.get("/public/credit/corrections.csv").text)))
    [line] = [row for row in table if row[:1] == [title]]
    assert line[2] == "更正机构" and line[5:8] == ["100", "B 级", "—"] and line[8:10] == ["80", "D 级"]
    assert len(list(csv.reader(io.StringIO(credit.client.get("/public/credit/chain.csv").text)))) >= 3 + len(links)
    entries = list(csv.reader(io.StringIO(credit.client.get(f"/public/credit/bulletins/{month}/entries.csv").text)))
    assert [row[-1] for row in entries if row[:1] == ["更正机构"]] == [title]


def _verify(url: str, *args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "services.credit.verify", url, *args]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_the_verify_command_recomputes_the_chain_and_finds_a_tampered_month(credit):
    mended, _, month = _published(credit)
    _learnt_late(credit, mended, _months(credit)[1] - timedelta(days=20))  # corrects last month's entry
    assert jobs.publish_corrections(credit.ctx)
    with serving(create_app(credit.ctx.config)) as url:
        links = credit.client.get("/public/credit/chain").json
        held = _verify(url, "--expect", links[0]["digest"])
        assert held.returncode == 0, held.stdout + held.stderr
        assert f"the chain holds: 4 links, the last {links[-1]['digest']}" in held.stdout

        credit.ctx.db["bulletin_entries"].update_one({"_id": f"{month}|{mended}"}, {"$set": {"score": 99}})
        broken = _verify(url, "--expect", links[1]["digest"], "--expect", links[2]["digest"])
        assert broken.returncode == 1
        said = broken.stdout.splitlines()
        assert said[0].startswith(f"#1 bulletin {links[0]['ref']} ok") and said[1].startswith(
            f"#2 bulletin {links[1]['ref']} ok"
        )
        assert said[2].startswith(f"#3 bulletin {month} BROKEN: published digest")
        assert said[3].startswith("#4 correction") and "is not the digest recomputed before it" in said[3]
        assert f"expected digest {links[1]['digest']}" not in broken.stdout
        assert f"expected digest {links[2]['digest']} is not in the chain" in broken.stdout
        assert said[-1] == f"BROKEN from #3 (bulletin {month}) on"
    assert _verify(url).returncode == 2  # the site is gone
