"""Evidence (证明材料) attached to an objection or a repair application: at most MAX_FILES files of PDF, JPEG or
PNG, each at most MAX_BYTES, the type read from the content (the `filetype` library), never from the name or the
header the sender gave. Pure: the files' bytes in, the checked attachments out, or `Invalid` naming the rule.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import filetype

from services.common.errors import Invalid

MAX_FILES = 5
MAX_BYTES = 10 * 1024 * 1024  # 10 MiB each
#: the types taken, as the content says, with the extension they are stored under
TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
FIELD = "files"


@dataclass(frozen=True)
class Upload:
    """A file as sent: its name (kept for the reader, never trusted) and its bytes (read to MAX_BYTES + 1)."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class Attachment:
    """A file that passed: its type from the content, size and SHA-256."""

    filename: str
    content_type: str
    size: int
    sha256: str
    content: bytes

    def described(self, attachment_id: str) -> dict:
        """What the step's fact records of it (no content)."""
        return {
            "id": attachment_id,
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def checked(uploads: list[Upload]) -> list[Attachment]:
    """Every file passes or none is taken: Invalid names the first file refused and why."""
    if len(uploads) > MAX_FILES:
        raise Invalid(
            f"at most {MAX_FILES} files may be attached, not {len(uploads)}", field=FIELD, location=FIELD, rule="files"
        )
    return [_checked(upload) for upload in uploads]


def _checked(upload: Upload) -> Attachment:
    name = _safe_name(upload.filename)
    if len(upload.content) > MAX_BYTES:
        raise Invalid(
            f"{name} is larger than {MAX_BYTES // (1024 * 1024)} MiB", field=FIELD, location=FIELD, rule="file_size"
        )
    kind = filetype.guess(upload.content) if upload.content else None
    if kind is None or kind.mime not in TYPES:
        found = kind.mime if kind else "unknown content"
        raise Invalid(f"{name} is {found}, not a PDF, JPEG or PNG file", field=FIELD, location=FIELD, rule="file_type")
    digest = hashlib.sha256(upload.content).hexdigest()
    return Attachment(name, kind.mime, len(upload.content), digest, upload.content)


def _safe_name(filename: str) -> str:
    """The name without any path and control characters, at most 200 characters (it is only shown)."""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isprintable())[:200] or "未命名文件"
