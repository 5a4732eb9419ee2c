"""Issue 11, item 4: a mistyped environment does not start with the development secret; claims are typed."""

from __future__ import annotations

from datetime import timedelta

import jwt
import pytest

from services.common.clock import utcnow
from services.common.config import Config
from services.common.errors import Unauthorized
from services.common.settings import DEV_JWT_SECRET
from services.common.web.auth import decode_token


@pytest.mark.parametrize("name", ["prod", "Production", "staging", "PRODUCTION", "", "development "])
def test_an_unknown_environment_refuses_to_start(monkeypatch, name):
    monkeypatch.setenv("ANFU_ENV", name)
    with pytest.raises(ValueError, match="ANFU_ENV"):
        Config.from_env("registry")


def test_development_starts_with_the_development_secret(monkeypatch):
    monkeypatch.setenv("ANFU_ENV", "development")
    assert Config.from_env("registry").jwt_secret == DEV_JWT_SECRET


def test_production_refuses_the_development_secret_with_hs256(monkeypatch):
    monkeypatch.setenv("ANFU_ENV", "production")
    with pytest.raises(ValueError, match="development JWT secret"):
        Config.from_env("registry")


@pytest.mark.parametrize("setting", ["RATE_LIMIT_WRITES", "RATE_LIMIT_PUBLIC"])
def test_an_unreadable_rate_limit_refuses_to_start(monkeypatch, setting):
    monkeypatch.setenv(setting, "lots")
    with pytest.raises(ValueError, match=setting):
        Config.from_env("registry")


def signed(**claims) -> str:
    """A token signed with the right (development) secret whose claims are whatever the caller says."""
    now = utcnow()
    base = {
        "sub": "agency:A1",
        "role": "agency",
        "org": "A1",
        "iss": "anfu",
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    return jwt.encode({**base, **claims}, DEV_JWT_SECRET, algorithm="HS256")


@pytest.mark.parametrize(
    "claims",
    [
        {"org": {"$ne": None}},
        {"org": ["A1", "A2"]},
        {"org": 7},
        {"role": ["admin"]},
        {"role": {"$in": ["admin"]}},
        {"role": "Admin"},
        {"sub": ""},
    ],
)
def test_a_signed_token_with_claims_of_the_wrong_type_is_refused(claims):
    with pytest.raises(Unauthorized):
        decode_token(Config(service="matching"), signed(**claims))


def test_org_may_be_null_or_text():
    config = Config(service="matching")
    assert decode_token(config, signed(org=None)).org is None
    assert decode_token(config, signed(org="A1")).org == "A1"
