"""The HTTP kit: problem JSON, JWT roles and organisations, pagination, health, metrics, OpenAPI."""

from __future__ import annotations

import base64
import json
from datetime import UTC

import marshmallow as ma
import pytest
from flask.views import MethodView
from flask_smorest import Blueprint

from services.common.errors import Conflict
from services.common.storage.pagination import PageArgs, page_schema, paginate
from services.common.web.app import create_service_app, ctx
from services.common.web.auth import current_principal, requires

blp = Blueprint("notes", __name__, url_prefix="/notes", description="A test resource")


class NoteSchema(ma.Schema):
    id = ma.fields.String(dump_only=True, attribute="_id")
    org = ma.fields.String(required=True)
    text = ma.fields.String(required=True, validate=ma.validate.Length(min=1, max=50))
    pages = ma.fields.Integer(required=True, validate=ma.validate.Range(min=1))


@blp.route("")
class Notes(MethodView):
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(NoteSchema))
    def get(self, args):
        return paginate(ctx().db["notes"], {}, args["limit"], args["cursor"])

    @blp.arguments(NoteSchema)
    @blp.response(201, NoteSchema)
    @requires("agency")
    def post(self, body):
        current_principal().require_org(body["org"])
        if body["text"] == "taken":
            raise Conflict("that note exists")
        body["_id"] = f"n{ctx().db['notes'].count_documents({}):03d}"
        ctx().db["notes"].insert_one(body)
        return body


@pytest.fixture
def client(make_config):
    return create_service_app("notify", [blp], config=make_config("notify")).test_client()


GOOD = {"org": "org-1", "text": "hello", "pages": 2}


def test_unauthenticated_write_is_401_problem(client):
    response = client.post("/notes", json=GOOD)
    assert response.status_code == 401
    assert response.content_type == "application/problem+json"
    assert response.json["title"] == "Unauthorized" and response.headers["WWW-Authenticate"] == "Bearer"


def test_forged_token_is_401(client):
    response = client.post("/notes", json=GOOD, headers={"Authorization": "Bearer not.a.token"})
    assert response.status_code == 401 and "invalid token" in response.json["detail"]


def test_wrong_role_is_403(client, token):
    response = client.post("/notes", json=GOOD, headers=token("enterprise", "org-1"))
    assert response.status_code == 403 and response.json["status"] == 403


def test_other_organisation_is_403(client, token):
    assert client.post("/notes", json=GOOD, headers=token("agency", "org-2")).status_code == 403


def test_bad_body_is_422_with_field_errors(client, token):
    response = client.post(
        "/notes", json={"org": "org-1", "text": "", "pages": "many", "extra": 1}, headers=token("agency", "org-1")
    )
    assert response.status_code == 422 and response.content_type == "application/problem+json"
    fields = {e["field"]: e for e in response.json["errors"]}
    assert set(fields) == {"text", "pages", "extra"}
    assert fields["pages"]["location"] == "json" and fields["pages"]["messages"]


def test_oversized_body_is_413_problem(client, token):
    response = client.post("/notes", json={**GOOD, "text": "x" * (1024 * 1024)}, headers=token("agency", "org-1"))
    assert response.status_code == 413 and response.content_type == "application/problem+json"


def test_domain_conflict_is_409(client, token):
    response = client.post("/notes", json={**GOOD, "text": "taken"}, headers=token("agency", "org-1"))
    assert response.status_code == 409 and response.json["detail"] == "that note exists"


def test_created_and_paginated_with_a_cursor(client, token):
    for i in range(5):
        assert (
            client.post("/notes", json={**GOOD, "text": f"t{i}"}, headers=token("agency", "org-1")).status_code == 201
        )
    first = client.get("/notes?limit=2").json
    second = client.get(f"/notes?limit=2&cursor={first['next_cursor']}").json
    last = client.get(f"/notes?limit=2&cursor={second['next_cursor']}").json
    texts = [n["text"] for page in (first, second, last) for n in page["items"]]
    assert texts == ["t0", "t1", "t2", "t3", "t4"] and last["next_cursor"] is None
    bad_cursor = client.get("/notes?cursor=%%%")
    assert bad_cursor.status_code == 422 and bad_cursor.json["errors"][0]["location"] == "query"
    assert client.get("/notes?limit=0").status_code == 422
    smuggled = base64.urlsafe_b64encode(json.dumps([{"$ne": None}, {"$gt": ""}]).encode()).decode()
    assert client.get(f"/notes?cursor={smuggled}").status_code == 422


def test_health_metrics_and_openapi(client, token):
    assert client.get("/health/live").json == {"status": "ok"}
    ready = client.get("/health/ready", headers=token("admin"))
    assert ready.status_code == 200, ready.json
    assert ready.json["checks"] == {"mongodb": "ok", "kafka": "ok"}
    client.get("/notes")
    assert b"anfu_http_requests_total" in client.get("/metrics", headers=token("admin")).data
    spec = client.get("/openapi.json").json
    post = spec["paths"]["/notes"]["post"]
    assert post["security"] == [{"bearerAuth": []}] and "422" in post["responses"]
    page = client.get("/docs")
    assert page.status_code == 200 and b"/docs/static/swagger-ui-bundle.js" in page.data
    assert client.get("/docs/static/swagger-ui-bundle.js").status_code == 200


def test_not_ready_when_the_database_is_unreachable(make_config, token):
    app = create_service_app(
        "notify", [], config=make_config("notify", mongodb_uri="mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300")
    )
    response = app.test_client().get("/health/ready", headers=token("admin"))
    assert response.status_code == 503 and response.json["checks"]["kafka"] == "ok"
    assert response.json["checks"]["mongodb"].startswith("failed")


def test_pages_sorted_by_a_datetime_field_follow_the_cursor(make_config):
    from datetime import datetime, timedelta

    db = create_service_app("notify", [], config=make_config("notify")).extensions["anfu"].db
    start = datetime(2026, 1, 1, tzinfo=UTC)
    db["log"].insert_many([{"_id": f"e{i}", "at": start + timedelta(minutes=i // 2)} for i in range(7)])
    seen, cursor = [], None
    while True:
        page = paginate(db["log"], {}, limit=3, cursor=cursor, sort="at", descending=True)
        seen += [d["_id"] for d in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == ["e6", "e5", "e4", "e3", "e2", "e1", "e0"]
