"""Tokens: HS256 in development, RS256 with a public key in production, roles and organisations."""

from __future__ import annotations

import base64
import json
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from services.common.config import Config
from services.common.errors import Forbidden, Unauthorized
from services.common.web.auth import Principal, decode_token, issue_token, main


def rsa_pair() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


def test_development_token_round_trip():
    config = Config(service="registry")
    principal = decode_token(config, issue_token(config, "agency", "91330400MA2B3C4D5E"))
    assert principal == Principal("agency:91330400MA2B3C4D5E", "agency", "91330400MA2B3C4D5E")


def test_production_verifies_rs256_with_the_public_key_only():
    private, public = rsa_pair()
    config = Config(service="credit", env="production", jwt_algorithm="RS256", jwt_public_key=public)
    config.check()
    token = issue_token(config, "regulator", "330400", private_key=private)
    assert decode_token(config, token).role == "regulator"
    forged = issue_token(Config(service="credit"), "regulator", "330400")  # HS256 with the dev secret
    with pytest.raises(Unauthorized):
        decode_token(config, forged)


def test_production_refuses_the_development_secret():
    with pytest.raises(ValueError, match="RS256"):
        Config(service="credit", env="production").check()


def test_expired_or_foreign_issuer_tokens_are_refused():
    config = Config(service="registry")
    with pytest.raises(Unauthorized, match="expired"):
        decode_token(config, issue_token(config, "admin", None, hours=-1))
    with pytest.raises(Unauthorized, match="issuer"):
        decode_token(Config(service="registry", jwt_issuer="someone-else"), issue_token(config, "admin", None))


def test_a_token_trusted_once_is_still_refused_when_it_expires():
    """Verified tokens are remembered (a client sends one many times); their expiry is checked on every use."""
    config = Config(service="registry")
    token = issue_token(config, "agency", "91330400MA2B3C4D5E", hours=1.5 / 3600)
    assert decode_token(config, token).org == "91330400MA2B3C4D5E"
    time.sleep(2)
    with pytest.raises(Unauthorized, match="expired"):
        decode_token(config, token)


def test_a_remembered_token_does_not_vouch_for_an_altered_one():
    config = Config(service="registry")
    token = issue_token(config, "agency", "91330400MA2B3C4D5E")
    assert decode_token(config, token).role == "agency"
    header, payload, signature = token.split(".")
    forged = {**json.loads(base64.urlsafe_b64decode(payload + "==")), "role": "admin"}
    altered = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    with pytest.raises(Unauthorized, match="invalid token"):
        decode_token(config, f"{header}.{altered}.{signature}")
    with pytest.raises(Unauthorized, match="invalid token"):
        decode_token(Config(service="registry", jwt_secret="another-secret-of-32-bytes-or-more!"), token)


def test_an_organisation_changes_only_its_own_records():
    Principal("s", "agency", "org-1").require_org("org-1")
    Principal("s", "admin", None).require_org("org-1")
    with pytest.raises(Forbidden):
        Principal("s", "agency", "org-2").require_org("org-1")


def test_unknown_role_is_refused_when_issuing():
    with pytest.raises(ValueError, match="unknown role"):
        issue_token(Config(service="registry"), "emperor", None)


def test_token_command_prints_a_valid_token(capsys):
    main(["--role", "regulator", "--org", "330400"])
    token = capsys.readouterr().out.strip()
    assert decode_token(Config(service="registry"), token).org == "330400"
