"""Issue 11, item 6: rate limits on the real database, shared by every app instance (gunicorn workers, replicas)."""

from __future__ import annotations

import jwt
import marshmallow as ma
import pytest
from flask_smorest import Blueprint

from services.common.web.app import create_service_app
from services.common.web.auth import issue_token, requires

blp = Blueprint("stamps", __name__, url_prefix="/stamps", description="A test resource")


class StampSchema(ma.Schema):
    text = ma.fields.String(required=True)


@blp.route("", methods=["POST"])
@blp.arguments(StampSchema)
@blp.response(201, StampSchema)
@requires("agency")
def stamp(body):
    return body


@blp.route("/count")
@blp.response(200)
@requires("agency")
def count():
    return {"reads": "unlimited"}


@blp.route("/public")
@blp.response(200)
def public():
    return {"public": True}


@pytest.fixture
def config(make_config):
    return make_config("notify", rate_limit_writes="3/hour", rate_limit_public="2/hour", rate_limit_bulk="5/hour")


def app(config):
    return create_service_app("notify", [blp], config=config).test_client()


def assert_too_many(response):
    assert response.status_code == 429, response.get_data(as_text=True)
    assert response.content_type == "application/problem+json" and response.json["status"] == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 3600


def test_writes_beyond_the_limit_of_a_token_are_429_with_retry_after(config, token):
    client = app(config)
    agency = token("agency", "A1")
    assert [client.post("/stamps", json={"text": "x"}, headers=agency).status_code for _ in range(3)] == [201] * 3
    assert_too_many(client.post("/stamps", json={"text": "x"}, headers=agency))
    assert client.post("/stamps", json={"text": "x"}, headers=token("agency", "A2")).status_code == 201  # its own
    assert [client.get("/stamps/count", headers=agency).status_code for _ in range(5)] == [200] * 5  # reads
    assert client.get("/health/live").status_code == 200


def test_a_bulk_credential_writes_against_its_own_higher_limit(config):
    client = app(config)
    bulk = {"Authorization": f"Bearer {issue_token(config, 'agency', 'A1', subject='import:A1', bulk=True)}"}
    assert [client.post("/stamps", json={"text": "x"}, headers=bulk).status_code for _ in range(5)] == [201] * 5
    assert_too_many(client.post("/stamps", json={"text": "x"}, headers=bulk))
    forged = jwt.encode(
        {**jwt.decode(bulk["Authorization"][7:], options={"verify_signature": False}), "bulk": "yes"}, config.jwt_secret
    )
    assert client.post("/stamps", json={"text": "x"}, headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_two_app_instances_share_the_count(config, token):
    first, second = app(config), app(config)  # two gunicorn workers, or two replicas, on one database
    agency = token("agency", "A1")
    assert first.post("/stamps", json={"text": "x"}, headers=agency).status_code == 201
    assert second.post("/stamps", json={"text": "x"}, headers=agency).status_code == 201
    assert first.post("/stamps", json={"text": "x"}, headers=agency).status_code == 201
    assert_too_many(second.post("/stamps", json={"text": "x"}, headers=agency))


def test_public_endpoints_are_limited_per_client_address(config):
    first, second = app(config), app(config)
    here = {"REMOTE_ADDR": "198.51.100.7"}
    assert first.get("/stamps/public", environ_base=here).status_code == 200
    assert second.get("/stamps/public", environ_base=here).status_code == 200
    assert_too_many(first.get("/stamps/public", environ_base=here))
    assert first.get("/stamps/public", environ_base={"REMOTE_ADDR": "198.51.100.8"}).status_code == 200
    assert first.get("/openapi.json", environ_base=here).status_code == 200  # documents are not limited


def test_an_anonymous_write_is_401_and_counts_against_no_one(config, token):
    client = app(config)
    assert [client.post("/stamps", json={"text": "x"}).status_code for _ in range(5)] == [401] * 5
    assert client.post("/stamps", json={"text": "x"}, headers=token("agency", "A1")).status_code == 201
