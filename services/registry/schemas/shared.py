"""Schema pieces the registry's resources share: checked codes, optional text, contacts, bookkeeping, status
changes, and PATCH bodies that are partial only at the top."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from services.common.reference import COUNTY_CODES, TOWN_CODES
from services.common.schemas import Body, text

from ..domain.codes import USCC_CHARS, id_number_problem

#: the documented shapes of the codes (the check characters are verified by the code, beyond any pattern)
USCC_PATTERN = rf"^[{USCC_CHARS}]{{2}}[0-9]{{6}}[{USCC_CHARS}]{{10}}$"
ID_NUMBER_PATTERN = r"^[1-9][0-9]{16}[0-9X]$"

NAME = 200  # longest name, number or issuer
#: bounds that keep a record far below MongoDB's limits (8-byte integers, 16 MB documents)
HEADCOUNT = validate.Range(min=0, max=10_000_000)


def checked(problem_of):
    def check(value: str) -> None:
        problem = problem_of(value)
        if problem:
            raise ma.ValidationError(problem)

    return check


def id_number_field(description: str) -> ma.fields.String:
    """A resident ID number (GB 11643) taken in, never given out (checked digit and all)."""
    return ma.fields.String(
        required=True,
        load_only=True,
        validate=checked(id_number_problem),
        metadata={"description": description, "pattern": ID_NUMBER_PATTERN},
    )


def optional(**kw) -> ma.fields.String:
    return ma.fields.String(allow_none=True, load_default=None, validate=validate.Length(max=NAME), **kw)


def patch(schema_class: type[ma.Schema]) -> ma.Schema:
    """A PATCH body: any subset of the top-level fields, but each nested item whole (or 422).

    `partial=True` would reach nested schemas too, so a contact without its name would pass.
    """
    return schema_class(partial=tuple(schema_class().fields))


class ContactSchema(Body):
    """A contact person (personal data: not public)."""

    name = text(NAME, required=True)
    phone = optional()
    email = ma.fields.Email(allow_none=True, load_default=None)
    role = optional(metadata={"description": "e.g. 负责人, 联系人"})


def contact_list() -> ma.fields.List:
    return ma.fields.List(ma.fields.Nested(ContactSchema), load_default=list, validate=validate.Length(max=20))


class Bookkeeping(ma.Schema):
    version = ma.fields.Integer()
    created_at = ma.fields.String()
    updated_at = ma.fields.String()


class StatusChangeSchema(Body):
    status = ma.fields.String(required=True, metadata={"description": "the status to move to"})
    reason = ma.fields.String(allow_none=True, load_default=None, validate=validate.Length(max=2000))


def county_arg():
    return ma.fields.String(validate=validate.OneOf(COUNTY_CODES))


def town_arg():
    return ma.fields.String(validate=validate.OneOf(TOWN_CODES))
