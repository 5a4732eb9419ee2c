"""Issue 11, items 4, 5 and 7 through HTTP, written as the abuse: no 500 on any input, authentication before
parsing, typed claims, what health and metrics tell whom, 405 and problem JSON in the documents."""

from __future__ import annotations

import base64
from datetime import timedelta

import jwt
import marshmallow as ma
import pytest
from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.clock import utcnow
from services.common.settings import DEV_JWT_SECRET
from services.common.storage.pagination import PageArgs, page_schema, paginate
from services.common.web.app import create_service_app, ctx
from services.common.web.auth import current_principal, requires

blp = Blueprint("files", __name__, url_prefix="/files", description="A test resource")


class FileSchema(ma.Schema):
    id = ma.fields.String(dump_only=True, attribute="_id")
    name = ma.fields.String(required=True)
    tags = ma.fields.List(ma.fields.String(), load_default=list)
    meta = ma.fields.Dict(load_default=dict)


class FilterSchema(ma.Schema):
    name = ma.fields.String()


@blp.route("")
class Files(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(FileSchema))
    @requires("agency")
    def get(self, args):
        query = {} if current_principal().org is None else {"org": current_principal().org}
        return paginate(ctx().db["files"], query, args["limit"], args["cursor"])

    @blp.arguments(FileSchema)
    @blp.response(201, FileSchema)
    @requires("agency")
    def post(self, body):
        body["_id"] = f"f{ctx().db['files'].count_documents({})}"
        ctx().db["files"].insert_one({**body, "org": current_principal().org})
        return body


@blp.route("/search", methods=["POST"])
@blp.arguments(FilterSchema)
@blp.response(200, FileSchema(many=True))
def search(body):
    """Public, with a body whose fields are all optional."""
    return list(ctx().db["files"].find(body))


@pytest.fixture
def app(make_config):
    return create_service_app("notify", [blp], config=make_config("notify", metrics_token="scrape-secret"))


@pytest.fixture
def client(app):
    return app.test_client()


def assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.content_type == "application/problem+json" and response.json["status"] == status


def test_an_anonymous_caller_gets_401_before_any_field_error(client):
    assert_problem(client.post("/files", json={"nonsense": 1}), 401)
    assert_problem(client.post("/files", data="[" * 50_000, content_type="application/json"), 401)
    assert_problem(client.get("/files?limit=zero"), 401)


def test_a_wrong_role_gets_403_before_any_field_error(client, token):
    assert_problem(client.post("/files", json={"nonsense": 1}, headers=token("enterprise", "E1")), 403)


@pytest.mark.parametrize(
    "body, content_type",
    [
        ("[" * 50_000, "application/json"),
        ('{"name": "a", "meta": ' + '{"a": ' * 200 + "1" + "}" * 200 + "}", "application/json"),
        ('{"name": "a", "tags": [' + ",".join(['"t"'] * 5000) + "]}", "application/json"),
        ('{"name": "\\ud800"}', "application/json"),
        ('{"name": "a", "meta": {"\\udc00": 1}}', "application/json"),
        ('{"name": "安服"}'.encode("utf-16"), "application/json"),
        ('{"name": "安服"}'.encode("gb18030"), "application/json; charset=gb18030"),
        (b'{"name": "\xc3\x28"}', "application/json"),
        ('{"name": ', "application/json"),
    ],
)
def test_bodies_that_broke_the_services_are_400_problems(client, token, body, content_type):
    response = client.post("/files", data=body, content_type=content_type, headers=token("agency", "A1"))
    assert_problem(response, 400)
    assert ctx_count(client) == 0


def ctx_count(client) -> int:
    return client.application.extensions["anfu"].db["files"].count_documents({})


def test_a_missing_body_is_422_and_another_media_type_415(client, token):
    assert_problem(client.post("/files/search"), 422)
    form = client.post("/files/search", data="name=a", content_type="application/x-www-form-urlencoded")
    assert_problem(form, 415)
    assert client.post("/files/search", json={}).status_code == 200


@pytest.mark.parametrize(
    "cursor",
    [
        base64.urlsafe_b64encode(b"[" * 50_000).decode(),
        base64.urlsafe_b64encode(b"[" * 500 + b"]" * 500).decode(),
        base64.urlsafe_b64encode(b'["x", "\\ud800"]').decode(),
        base64.urlsafe_b64encode(b'["x", 100000000000000000000]').decode(),  # beyond BSON's 8-byte integers
        base64.urlsafe_b64encode(b'["x", {"datetime": "9999-12-31T23:59:59-23:59"}]').decode(),  # no UTC form
        "%F0%9F",
    ],
)
def test_a_deeply_nested_or_odd_cursor_is_422(client, token, cursor):
    response = client.get(f"/files?cursor={cursor}", headers=token("agency", "A1"))
    assert_problem(response, 422)
    assert response.json["errors"][0]["field"] == "cursor"


def test_a_query_parameter_given_twice_is_422(client, token):
    response = client.get("/files?limit=5&limit=500", headers=token("agency", "A1"))
    assert_problem(response, 422)
    assert response.json["errors"][0] == {
        "field": "limit",
        "location": "query",
        "messages": ["given more than once; one value is taken"],
    }


def signed(**claims) -> dict:
    now = utcnow()
    base = {"sub": "agency:A1", "role": "agency", "iss": "anfu", "iat": now, "exp": now + timedelta(hours=1)}
    return {"Authorization": f"Bearer {jwt.encode({**base, **claims}, DEV_JWT_SECRET, algorithm='HS256')}"}


@pytest.mark.parametrize("claims", [{"org": {"$ne": None}}, {"org": ["A1"]}, {"role": ["agency"]}, {"sub": 5}])
def test_a_signed_token_with_an_operator_or_list_for_a_claim_is_401(client, token, claims):
    client.post("/files", json={"name": "other's"}, headers=token("agency", "A2"))
    assert_problem(client.get("/files", headers=signed(**claims)), 401)


def test_undeclared_methods_are_405_problems_with_allow(client, token):
    for method in ("put", "delete", "patch"):
        response = getattr(client, method)("/files", headers=token("agency", "A1"))
        assert_problem(response, 405)
        assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}
        assert "PUT" not in response.headers["Allow"]


def test_readiness_tells_the_public_only_the_status(client, token):
    public = client.get("/health/ready")
    assert public.status_code == 200 and public.json == {"status": "ok"}
    assert client.get("/health/ready", headers=token("agency", "A1")).json == {"status": "ok"}
    admin = client.get("/health/ready", headers=token("admin"))
    assert admin.json["checks"] == {"mongodb": "ok", "kafka": "ok"}


def test_not_ready_tells_the_public_no_hosts(make_config):
    app = create_service_app(
        "notify",
        [],
        config=make_config("notify", mongodb_uri="mongodb://10.255.255.1:27017/?serverSelectionTimeoutMS=300"),
    )
    response = app.test_client().get("/health/ready")
    assert_problem(response, 503)
    assert "checks" not in response.json and "10.255" not in response.get_data(as_text=True)


def test_metrics_need_the_scrape_token_or_an_admin(client, token):
    assert_problem(client.get("/metrics"), 401)
    assert_problem(client.get("/metrics", headers={"Authorization": "Bearer wrong"}), 401)
    assert_problem(client.get("/metrics", headers=token("regulator", "330400")), 403)
    assert b"anfu_http_requests_total" in client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"}).data
    assert client.get("/metrics", headers=token("admin")).status_code == 200


def test_the_document_says_errors_are_problem_json_and_where_429_may_come(client):
    spec = client.get("/openapi.json").json
    for name in ("DEFAULT_ERROR", "UNPROCESSABLE_ENTITY", "UNAUTHORIZED", "FORBIDDEN", "TOO_MANY_REQUESTS"):
        assert list(spec["components"]["responses"][name]["content"]) == ["application/problem+json"], name
    post, get = spec["paths"]["/files"]["post"], spec["paths"]["/files"]["get"]
    assert post["responses"]["401"] == {"$ref": "#/components/responses/UNAUTHORIZED"}
    assert "429" in post["responses"] and "429" not in get["responses"]  # writes with a token; reads are not limited
    assert "429" in spec["paths"]["/files/search"]["post"]["responses"]  # public
    assert list(spec["paths"]["/health/ready"]["get"]["responses"]["503"]["content"]) == ["application/problem+json"]
