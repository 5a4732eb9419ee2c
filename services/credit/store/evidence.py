"""Evidence files (证明材料) in GridFS, bucket `evidence` (collections evidence.files, evidence.chunks).

pymongo's GridFS takes no part in a transaction, so a file is written before the step's unit of work as `pending`
(`put`, on a read-only unit of work), marked `attached` to the step's fact inside it (`attach`: a plain update of
evidence.files), and deleted if the step is refused (`discard`). A pending file left by a process that died
between the two is deleted by the job `discard_unattached_evidence` after PENDING_FOR.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gridfs import GridFSBucket, NoFile

from services.common.storage.store import Store

from ..domain.evidence import Attachment

BUCKET, FILES = "evidence", "evidence.files"
PENDING, ATTACHED = "pending", "attached"
PENDING_FOR = timedelta(hours=1)


class EvidenceStore(Store):
    """Evidence files of one unit of work (GridFS itself only outside a transaction)."""

    def _bucket(self) -> GridFSBucket:
        return GridFSBucket(self.uow.db, BUCKET)

    def put(self, attachment_id: str, attachment: Attachment, agency_id: str, by: str) -> None:
        """Store a checked file as pending (outside any transaction)."""
        metadata = {
            "state": PENDING,
            "agency_id": agency_id,
            "content_type": attachment.content_type,
            "sha256": attachment.sha256,
            "uploaded_by": by,
            "uploaded_at": self.uow.now,
        }
        self._bucket().upload_from_stream_with_id(
            attachment_id, attachment.filename, attachment.content, metadata=metadata
        )

    def attach(self, ids: list[str], agency_id: str, fact_id: str) -> None:
        """Mark the step's files attached to its fact (in the step's transaction)."""
        if ids:
            self[FILES].update_many(
                {"_id": {"$in": ids}, "metadata.state": PENDING, "metadata.agency_id": agency_id},
                {"$set": {"metadata.state": ATTACHED, "metadata.fact_id": fact_id}},
            )

    def discard(self, ids: list[str]) -> None:
        """Delete files (outside any transaction); one already gone is no error."""
        for attachment_id in ids:
            try:
                self._bucket().delete(attachment_id)
            except NoFile:
                pass

    def attached(self, attachment_id: str) -> dict | None:
        """An attached file's record (name, length, metadata), None if there is none."""
        return self[FILES].find_one({"_id": attachment_id, "metadata.state": ATTACHED})

    def content(self, attachment_id: str) -> bytes:
        return self._bucket().open_download_stream(attachment_id).read()

    def unattached(self, before: datetime) -> list[str]:
        """Pending files stored before `before` (their step never committed)."""
        query = {"metadata.state": PENDING, "metadata.uploaded_at": {"$lt": before}}
        return [d["_id"] for d in self[FILES].find(query, {"_id": 1})]
