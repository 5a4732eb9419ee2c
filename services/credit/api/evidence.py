"""Evidence (证明材料) with an objection or a repair application: the same endpoints take JSON as before, or
multipart/form-data with the same fields as form fields and up to 5 files in `files` (PDF, JPEG or PNG by their
content, 10 MiB each); and `GET /credit/attachments/{id}` gives a file back to the agency and to the regulators
who rule on it.

Only these endpoints read more than the app's 1 MiB (`takes_evidence`). Every file is checked before anything is
stored; the files are stored (GridFS, outside the transaction) before the step's unit of work, which attaches
them to its fact; a refused step deletes them.
"""

from __future__ import annotations

import functools
import uuid
from urllib.parse import quote

import flask_smorest
import marshmallow as ma
from flask import Response, request
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict, FileStorage

from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from ..domain.evidence import MAX_BYTES, MAX_FILES, TYPES, checked
from ..domain.evidence import Upload as Sent
from ..store.evidence import EvidenceStore
from ..views.evidence import attachment as shown

LOCATION, MULTIPART = "json_or_multipart", "multipart/form-data"
FORM_ALLOWANCE = 1024 * 1024  # the text fields and the multipart framing, besides the files


class EvidenceParser(FlaskParser):
    """webargs: a body as JSON, or as multipart/form-data (form fields and files together)."""

    __location_map__ = {**FlaskParser.__location_map__, LOCATION: "load_json_or_multipart"}

    def load_json_or_multipart(self, req, schema):
        if req.mimetype == MULTIPART:
            return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)
        return self.load_json(req, schema)


class Blueprint(flask_smorest.Blueprint):
    """A blueprint whose arguments may also come as multipart/form-data (`location="json_or_multipart"`)."""

    ARGUMENTS_PARSER = EvidenceParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        LOCATION: "application/json",
    }


def documented(json_schema: type[ma.Schema], form_schema: type[ma.Schema]) -> dict:
    """The request body of an endpoint taking evidence: JSON, or multipart/form-data with files (`@blp.doc`)."""
    return {
        "requestBody": {
            "content": {"application/json": {"schema": json_schema}, MULTIPART: {"schema": form_schema}},
        }
    }


def takes_evidence(view):
    """Under `@blp.route`: this request may carry the files (the app's limit stays 1 MiB elsewhere)."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        request.max_content_length = MAX_FILES * MAX_BYTES + FORM_ALLOWANCE
        return view(*args, **kwargs)

    return wrapper


def file_step(command, key: str, text: str, files: list[FileStorage]) -> dict:
    """Check the files (nothing stored if one fails), store them, run the step, which attaches them; a refused
    step deletes them."""
    who = current_principal()
    attachments = checked([Sent(f.filename or "", f.stream.read(MAX_BYTES + 1)) for f in files])
    store = EvidenceStore(ctx().read())
    ids = [f"att_{uuid.uuid4().hex}" for _ in attachments]
    for attachment_id, attachment in zip(ids, attachments):
        store.put(attachment_id, attachment, who.org or who.subject, who.subject)
    try:
        described = tuple(a.described(i) for i, a in zip(ids, attachments))
        return ctx().retrying(command, who, key, text, described)
    except Exception:
        store.discard(ids)
        raise


blp = flask_smorest.Blueprint(
    "credit-evidence", __name__, url_prefix="/credit/attachments", description="Evidence files (证明材料)"
)
FILE_TYPES = {kind: {"schema": {"type": "string", "format": "binary"}} for kind in TYPES}


@blp.route("/<attachment_id>")
@blp.doc(responses={"200": {"description": "the file as checked when it was sent", "content": FILE_TYPES}})
@requires("agency", "regulator")
def attachment(attachment_id):
    """An evidence file of an objection or a repair application: for the agency that sent it and the regulators
    who rule on it (others: 404, or 403 `rule: division` for a regulator of another division)."""
    doc, content = shown(ctx().read(), current_principal(), attachment_id)
    name = quote(doc["filename"])
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{name}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
    return Response(content, mimetype=doc["metadata"]["content_type"], headers=headers)
