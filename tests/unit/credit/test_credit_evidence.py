"""Evidence files are taken by their content, never their name: PDF, JPEG or PNG, 10 MiB each, at most 5."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.common.errors import Invalid
from services.credit.domain.evidence import MAX_BYTES, Upload, checked

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 32 + b"\xff\xd9"


def test_a_pdf_and_a_jpeg_pass_whatever_their_names():
    passed = checked([Upload("scan.bin", PDF), Upload("../../照片.pdf", JPEG)])
    assert [(a.filename, a.content_type, a.size) for a in passed] == [
        ("scan.bin", "application/pdf", len(PDF)),
        ("照片.pdf", "image/jpeg", len(JPEG)),  # a path in the name is dropped; the type is the content's
    ]


@pytest.mark.parametrize(
    "uploads, rule",
    [
        ([Upload("回执.pdf", Path("/bin/true").read_bytes())], "file_type"),  # a renamed executable
        ([Upload("空.pdf", b"")], "file_type"),
        ([Upload("大.pdf", PDF + b"0" * MAX_BYTES)], "file_size"),
        ([Upload(f"{n}.pdf", PDF) for n in range(6)], "files"),
    ],
)
def test_anything_else_is_refused_naming_the_rule(uploads, rule):
    with pytest.raises(Invalid) as refused:
        checked(uploads)
    assert refused.value.extensions["rule"] == rule and refused.value.extensions["errors"][0]["field"] == "files"
