"""Evidence (证明材料) with an objection and a repair application, through the real app, worker and GridFS: PDF,
JPEG or PNG by their content, 10 MiB each, at most 5; a renamed executable or an oversize file is refused with
nothing stored; the files go back to the agency and to the regulators who rule, to nobody else."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from tests.integration.credit.conftest import agency_registered, days_ago, new_id, violation

MiB = 1024 * 1024


def png() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0\xff\0\0"))
        + chunk(b"IEND", b"")
    )


def pdf(padding: int = 0) -> bytes:
    """A real one-page PDF (padded with a comment to a size, if asked)."""
    body = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    body += b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    return body + b"%" + b"0" * padding + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def form(reason: str, *files: tuple[str, bytes, str]) -> dict:
    """A multipart/form-data body for the test client: the text and the files (name, bytes, declared type)."""
    return {"reason": reason, "files": [(io.BytesIO(data), name, kind) for name, data, kind in files]}


def stored(credit) -> int:
    return credit.ctx.db["evidence.files"].count_documents({}) + credit.ctx.db["evidence.chunks"].count_documents({})


def _violation(credit, agency_id: str, days: int = 0):
    credit.send_and_wait(agency_registered(agency_id))
    recorded = violation(agency_id, "general", recorded_on=days_ago(days))
    with credit.days_ago(days):
        credit.send_and_wait(recorded)
    return f"/credit/violations/{recorded.data['violation_id']}"


def test_an_objection_takes_real_files_and_refuses_an_executable_or_an_oversize_file_storing_nothing(credit, token):
    agency_id = new_id("ag")
    url = _violation(credit, agency_id)
    agency = token("agency", agency_id)

    elf = Path("/bin/true").read_bytes()
    assert elf[:4] == b"\x7fELF"
    renamed = credit.client.post(
        f"{url}/objection", headers=agency, data=form("附证明", ("回执.pdf", elf, "application/pdf"))
    )
    assert renamed.status_code == 422 and renamed.json["rule"] == "file_type", renamed.json
    assert renamed.json["errors"][0]["field"] == "files" and "回执.pdf" in renamed.json["detail"]
    oversize = credit.client.post(
        f"{url}/objection", headers=agency, data=form("附证明", ("扫描件.pdf", pdf(11 * MiB), "application/pdf"))
    )
    assert oversize.status_code == 422 and oversize.json["rule"] == "file_size", oversize.json
    six = [(f"{n}.png", png(), "image/png") for n in range(6)]
    assert credit.client.post(f"{url}/objection", headers=agency, data=form("附证明", *six)).status_code == 422
    assert stored(credit) == 0
    assert credit.ctx.db["facts"].count_documents({"type": "objection-filed", "agency_id": agency_id}) == 0

    sent = [("回执.pdf", pdf(), "application/octet-stream"), ("现场照片.png", png(), "image/png")]
    filed = credit.client.post(f"{url}/objection", headers=agency, data=form("报告已按期提交，有回执", *sent))
    assert filed.status_code == 201, filed.json
    attachments = filed.json["fact"]["data"]["attachments"]
    assert [(a["filename"], a["content_type"]) for a in attachments] == [
        ("回执.pdf", "application/pdf"),
        ("现场照片.png", "image/png"),
    ]
    assert credit.ctx.db["evidence.files"].count_documents({"metadata.state": "attached"}) == 2

    first = f"/credit/attachments/{attachments[0]['id']}"
    mine = credit.client.get(first, headers=agency)
    assert (mine.status_code, mine.mimetype, mine.data) == (200, "application/pdf", pdf())
    assert mine.headers["X-Content-Type-Options"] == "nosniff"
    assert credit.client.get(first, headers=token("regulator", "330402")).status_code == 200  # the agency's county
    assert credit.client.get(first, headers=token("regulator", "330400")).status_code == 200  # the city
    elsewhere = credit.client.get(first, headers=token("regulator", "330411"))
    assert elsewhere.status_code == 403 and elsewhere.json["rule"] == "division"
    assert credit.client.get(first, headers=token("agency", new_id("ag"))).status_code == 404
    assert credit.client.get(first, headers=token("enterprise", new_id("ent"))).status_code == 403

    page = credit.client.get(f"/public/credit/agencies/{agency_id}").get_data(as_text=True)  # what notices link to
    assert 'id="objection"' in page and "最多 5 份，每份不超过 10 兆字节" in page


def test_json_still_files_an_objection_and_a_refused_step_keeps_no_file(credit, token):
    agency_id = new_id("ag")
    url = _violation(credit, agency_id, days=100)  # the objection window closed long ago
    agency = token("agency", agency_id)
    late = credit.client.post(
        f"{url}/objection", headers=agency, data=form("x", ("回执.pdf", pdf(), "application/pdf"))
    )
    assert late.status_code == 409 and stored(credit) == 0
    repair = credit.client.post(
        f"{url}/repair",
        headers=agency,
        data={"evidence": "已完成整改，附培训记录", "files": [(io.BytesIO(png()), "培训签到.png", "image/png")]},
    )
    assert repair.status_code == 201, repair.json
    [attached] = repair.json["fact"]["data"]["attachments"]
    assert attached["content_type"] == "image/png" and stored(credit) == 2  # one file, one chunk

    other = new_id("ag")
    assert (
        credit.client.post(
            f"{_violation(credit, other)}/objection", headers=token("agency", other), json={"reason": "报告已按期提交"}
        ).status_code
        == 201
    )
