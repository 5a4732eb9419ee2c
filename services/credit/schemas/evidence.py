"""HTTP schemas of the steps that take evidence (证明材料): the same fields as the JSON bodies, and the files of a
multipart/form-data body."""

from __future__ import annotations

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import validate
from werkzeug.datastructures import FileStorage

from ..domain.evidence import MAX_BYTES, MAX_FILES, TYPES
from .ratings import ObjectionSchema, RepairApplicationSchema


class EvidenceFile(Upload):
    """One file part of a multipart/form-data body."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, FileStorage):
            raise ma.ValidationError("a file is sent as a part of a multipart/form-data body")
        return value


def files_field() -> ma.fields.List:
    kinds = ", ".join(TYPES)
    return ma.fields.List(
        EvidenceFile(),
        load_default=list,
        validate=validate.Length(max=MAX_FILES),
        metadata={
            "description": f"multipart/form-data only: up to {MAX_FILES} files, each at most "
            f"{MAX_BYTES // (1024 * 1024)} MiB, of {kinds} as their content shows (422 naming the file otherwise)"
        },
    )


class ObjectionForm(ObjectionSchema):
    """An objection as multipart/form-data: `reason` and its evidence files."""

    files = files_field()


class RepairApplicationForm(RepairApplicationSchema):
    """A repair application as multipart/form-data: `evidence` (the text) and its files."""

    files = files_field()
