"""JWT bearer authentication with roles, and the organisation bound to what a caller may change.

Tokens carry `sub` (the person or system), `role` and `org` (the organisation acted for: an agency or
enterprise id, a regulator's division code...). HS256 with a shared secret in development, RS256 with
a public key in production. `python -m services.common.auth --role agency --org <id>` issues a
development token.
"""
from __future__ import annotations

import argparse
import functools
from copy import deepcopy
from dataclasses import dataclass
from datetime import timedelta

import jwt
from flask import current_app, g, request
from flask_smorest.utils import deepupdate

from services.common.config import Config
from services.common.errors import Forbidden, Unauthorized
from services.common.clock import utcnow

ROLES = ("enterprise", "agency", "expert", "regulator", "insurer", "association", "official", "finance", "admin")
BEARER = [{"bearerAuth": []}]


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role acting for an organisation."""

    subject: str
    role: str
    org: str | None

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require_org(self, org: str) -> None:
        """Only the organisation itself (or admin) may change its own records."""
        if not self.is_admin and self.org != org:
            raise Forbidden("this token acts for another organisation")


def issue_token(config: Config, role: str, org: str | None, subject: str | None = None,
                hours: float = 12, private_key: str | None = None) -> str:
    """A signed token (HS256 with JWT_SECRET, or RS256 with the given private key)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {ROLES}")
    now = utcnow()
    claims = {"sub": subject or f"{role}:{org or '-'}", "role": role, "org": org, "iss": config.jwt_issuer,
              "iat": now, "exp": now + timedelta(hours=hours)}
    if config.jwt_algorithm == "RS256":
        return jwt.encode(claims, private_key, algorithm="RS256")
    return jwt.encode(claims, config.jwt_secret, algorithm="HS256")


def decode_token(config: Config, token: str) -> Principal:
    key = config.jwt_public_key if config.jwt_algorithm == "RS256" else config.jwt_secret
    try:
        claims = jwt.decode(token, key, algorithms=[config.jwt_algorithm], issuer=config.jwt_issuer,
                            options={"require": ["exp", "sub", "iss"]})
    except jwt.PyJWTError as err:
        raise Unauthorized(f"invalid token: {err}") from err
    if claims.get("role") not in ROLES:
        raise Unauthorized("token has no known role")
    return Principal(subject=claims["sub"], role=claims["role"], org=claims.get("org"))


def authenticate() -> Principal:
    """The caller of the current request (401 without a valid bearer token)."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    return decode_token(current_app.extensions["anfu"].config, token.strip())


def optional_principal() -> Principal | None:
    """The caller if a token was sent, else None (for endpoints that show more to some roles)."""
    return authenticate() if request.headers.get("Authorization") else None


def current_principal() -> Principal:
    return g.principal


def requires(*roles: str):
    """Decorator: a valid token whose role is one of `roles` (admin always passes); documented in OpenAPI."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            principal = authenticate()
            if roles and principal.role not in roles and not principal.is_admin:
                raise Forbidden(f"role {principal.role!r} may not do this; needs one of {sorted(roles)}")
            g.principal = principal
            return view(*args, **kwargs)

        wrapper._apidoc = deepcopy(getattr(wrapper, "_apidoc", {}))
        wrapper._apidoc["manual_doc"] = deepupdate(deepcopy(wrapper._apidoc.get("manual_doc", {})), {
            "security": BEARER,
            "description": f"Roles: {', '.join(roles) or 'any'} (and admin).",
            "responses": {"401": {"description": "no or invalid token"}, "403": {"description": "role or organisation not allowed"}},
        })
        return wrapper

    return decorator


def main(argv: list[str] | None = None) -> None:
    """Print a development token: `python -m services.common.auth --role agency --org <id>`."""
    parser = argparse.ArgumentParser(description="Issue an Anfu development token (HS256, JWT_SECRET).")
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--org", default=None, help="organisation the token acts for (agency/enterprise id ...)")
    parser.add_argument("--sub", default=None, help="subject (person or system); default role:org")
    parser.add_argument("--hours", type=float, default=12)
    args = parser.parse_args(argv)
    config = Config.from_env("registry")
    if config.jwt_algorithm != "HS256":
        parser.error("development tokens need JWT_ALGORITHM=HS256")
    print(issue_token(config, args.role, args.org, args.sub, args.hours))


if __name__ == "__main__":
    main()
