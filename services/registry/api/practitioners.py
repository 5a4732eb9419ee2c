"""HTTP: practitioners 从业人员. An agency registers and lets go of its own staff and declares their certificates;
a regulator verifies certificates and records talent levels; a training provider or a regulator records
continuing-education hours. The public sees names, certificate kinds, talent levels and agencies (no token)."""

from __future__ import annotations

from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.errors import DomainError
from services.common.storage.pagination import page_schema
from services.common.web.app import ctx
from services.common.web.auth import current_principal, requires

from ..commands import practitioners as commands
from ..schemas.practitioners import (
    CertificateSchema,
    CertificateVerificationSchema,
    DepartureSchema,
    DisclosureArgs,
    DisclosurePageSchema,
    PractitionerArgs,
    PractitionerInSchema,
    PractitionerSchema,
    StaffArgs,
    TalentArgs,
    TalentEntrySchema,
    TalentInSchema,
    TrainingArgs,
    TrainingInSchema,
    TrainingSchema,
)
from ..views import practitioners as views

staff = Blueprint("staff", __name__, url_prefix="/providers", description="An agency's practitioners 从业人员")
people = Blueprint("practitioners", __name__, url_prefix="/practitioners", description="Practitioners 从业人员")
public = Blueprint(
    "practice-disclosure", __name__, url_prefix="/directory", description="Practice disclosure 执业公示, talent 人才"
)


def _write(command, *args) -> dict:
    """Run a command and show its result to the caller (a returned refusal is answered once it has committed)."""
    who = current_principal()
    done = ctx().retrying(command, who, *args)
    if isinstance(done, DomainError):
        raise done
    return views.shown(who, done)


@staff.route("/<provider_id>/practitioners")
class Staff(MethodView):
    @staff.arguments(StaffArgs, location="query")
    @staff.response(200, page_schema(PractitionerSchema))
    @requires("agency", "regulator")
    def get(self, args, provider_id):
        """The agency's practitioners now: the agency itself, regulators, admin."""
        return views.staff_page(ctx().read(), current_principal(), provider_id, args)

    @staff.arguments(PractitionerInSchema)
    @staff.response(201, PractitionerSchema)
    @requires("agency")
    def post(self, body, provider_id):
        """The agency itself registers a practitioner; publishes practitioner-joined. 409 `one-agency-at-a-time`
        while he works for an agency (another one: the attempt is published for the regulator)."""
        return _write(commands.register, provider_id, body)


@people.route("")
class Practitioners(MethodView):
    @people.arguments(PractitionerArgs, location="query")
    @people.response(200, page_schema(PractitionerSchema))
    @requires("regulator")
    def get(self, args):
        """Search (regulators, admin): agency, certificate kind, unverified, flagged year, talent level."""
        return views.search(ctx().read(), current_principal(), args)


@people.route("/<practitioner_id>")
class PractitionerById(MethodView):
    @people.response(200, PractitionerSchema)
    @requires("agency", "regulator")
    def get(self, practitioner_id):
        """His agency, regulators, admin; the ID number only masked."""
        return views.practitioner(ctx().read(), current_principal(), practitioner_id)


@people.route("/<practitioner_id>/leave")
class Leave(MethodView):
    @people.arguments(DepartureSchema)
    @people.response(200, PractitionerSchema)
    @requires("agency", "regulator")
    def post(self, body, practitioner_id):
        """He left his agency (recorded by it, or by a regulator); publishes practitioner-left."""
        return _write(commands.leave, practitioner_id, body["left_on"])


@people.route("/<practitioner_id>/certificates")
class Certificates(MethodView):
    @people.arguments(CertificateSchema)
    @people.response(200, PractitionerSchema)
    @requires("agency")
    def post(self, body, practitioner_id):
        """His agency declares a certificate (unverified until a regulator verifies it)."""
        return _write(commands.declare_certificate, practitioner_id, body)


@people.route("/<practitioner_id>/certificates/verify")
class CertificateVerification(MethodView):
    @people.arguments(CertificateVerificationSchema)
    @people.response(200, PractitionerSchema)
    @requires("regulator")
    def post(self, body, practitioner_id):
        """A regulator verifies (核验) a declared certificate (not admin); publishes certificate-verified. 404 if not
        declared, 409 if verified already."""
        return _write(commands.verify_certificate, practitioner_id, body["kind"], body["certificate_no"])


@people.route("/<practitioner_id>/training")
class Training(MethodView):
    @people.arguments(TrainingArgs, location="query")
    @people.response(200, page_schema(TrainingSchema))
    @requires("agency", "regulator")
    def get(self, args, practitioner_id):
        """His continuing-education records, newest first (his agency, regulators)."""
        return views.trainings(ctx().read(), current_principal(), practitioner_id, args)

    @people.arguments(TrainingInSchema)
    @people.response(201, PractitionerSchema)
    @requires("agency", "regulator")
    def post(self, body, practitioner_id):
        """A training provider (an agency with a verified, valid safety-training qualification) or a regulator
        records the hours of one course; publishes training-recorded. 409 once the year is closed."""
        return _write(commands.record_training, practitioner_id, body)


@people.route("/<practitioner_id>/talent")
class TalentLevel(MethodView):
    @people.arguments(TalentInSchema)
    @people.response(200, PractitionerSchema)
    @requires("regulator")
    def post(self, body, practitioner_id):
        """A regulator records his talent level under the city's talent policy; publishes talent-recorded."""
        return _write(commands.record_talent, practitioner_id, body)


@public.route("/providers/<provider_id>/practitioners")
class Disclosure(MethodView):
    @public.arguments(DisclosureArgs, location="query")
    @public.response(200, DisclosurePageSchema)
    def get(self, args, provider_id):
        """执业公示: an active agency's practitioners with a verified certificate valid today, by name and kind."""
        return views.disclosure_page(ctx().read(), provider_id, args)


@public.route("/talent")
class Talent(MethodView):
    @public.arguments(TalentArgs, location="query")
    @public.response(200, page_schema(TalentEntrySchema))
    def get(self, args):
        """人才名单: practitioners with a talent level, their level and agency. No token."""
        return views.talent_page(ctx().read(), args)
