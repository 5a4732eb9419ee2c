"""JWT bearer authentication with roles, and the organisation bound to what a caller may change.

Tokens carry `sub` (the person or system), `role` and `org` (the organisation acted for: an agency or
enterprise id, a regulator's division code...), and may carry `bulk: true`: a credential for loading data in bulk
(an import, the demo city), whose writes count against `RATE_LIMIT_BULK` instead of `RATE_LIMIT_WRITES`. HS256
with a shared secret in development, RS256 with a public key in production (there the issuer decides who gets
`bulk`). `python -m services.common.web.auth --role agency --org <id> [--bulk]` issues a development token.
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

from services.common import reference
from services.common.clock import utcnow
from services.common.config import Config
from services.common.errors import Forbidden, Unauthorized

ROLES = ("enterprise", "agency", "expert", "regulator", "insurer", "association", "official", "finance", "admin")
#: roles that act for a division of Jiaxing (GB/T 2260 code in `org`): its own and what lies inside it
DIVISION_ROLES = ("official", "regulator", "finance")
BEARER = [{"bearerAuth": []}]
ROLES_ATTR = "_anfu_roles"  # set by `requires` on the view; the before-request hook reads it
GATE_ATTR = "_anfu_gate"  # set by `gated`: a view's own check of its caller, run by the same hook


@dataclass(frozen=True)
class Principal:
    """Who is calling: a role acting for an organisation."""

    subject: str
    role: str
    org: str | None
    bulk: bool = False  # a bulk credential: its writes count against RATE_LIMIT_BULK

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    def require_org(self, org: str) -> None:
        """Only the organisation itself (or admin) may change its own records."""
        if not self.is_admin and self.org != org:
            raise Forbidden("this token acts for another organisation")

    def reaches(self, place: str | None) -> bool:
        """A division role's authority reaches `place` (a division code; None: outside Jiaxing): its own division
        and what lies inside it, by the reference table; the city's also what lies outside. Admin: everything."""
        if self.is_admin:
            return True
        if self.role not in DIVISION_ROLES:
            return False
        return self.org == reference.CITY_CODE or reference.inside(self.org, place)

    def require_reach(self, place: str | None, what: str) -> None:
        """403 (rule `division`) unless `place` lies inside the division this token acts for."""
        if not self.reaches(place):
            raise Forbidden(f"{what} lies outside the division {self.org} this token acts for", rule="division")


def issue_token(
    config: Config,
    role: str,
    org: str | None,
    subject: str | None = None,
    hours: float = 12,
    private_key: str | None = None,
    bulk: bool = False,
) -> str:
    """A signed token (HS256 with JWT_SECRET, or RS256 with the given private key); `bulk`: a bulk credential."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {ROLES}")
    now = utcnow()
    claims = {
        "sub": subject or f"{role}:{org or '-'}",
        "role": role,
        "org": org,
        "iss": config.jwt_issuer,
        "iat": now,
        "exp": now + timedelta(hours=hours),
        **({"bulk": True} if bulk else {}),
    }
    if config.jwt_algorithm == "RS256":
        return jwt.encode(claims, private_key, algorithm="RS256")
    return jwt.encode(claims, config.jwt_secret, algorithm="HS256")


def decode_token(config: Config, token: str) -> Principal:
    key = config.jwt_public_key if config.jwt_algorithm == "RS256" else config.jwt_secret
    try:
        principal, expires = _verified(token, key, config.jwt_algorithm, config.jwt_issuer)
    except jwt.PyJWTError as err:
        raise Unauthorized(f"invalid token: {err}") from err
    if expires <= utcnow().timestamp():
        raise Unauthorized("invalid token: Signature has expired")
    return check_division(principal)


@functools.lru_cache(maxsize=4096)
def _verified(token: str, key: str, algorithm: str, issuer: str) -> tuple[Principal, float]:
    """The caller of a token whose signature, issuer and claims check out, and when it expires. Cached: a client
    sends one token many times and a verdict on its signature never changes; expiry is checked on each use."""
    claims = jwt.decode(token, key, algorithms=[algorithm], issuer=issuer, options={"require": ["exp", "sub", "iss"]})
    return principal_of(claims), float(claims["exp"])


def principal_of(claims: dict) -> Principal:
    """The caller named by verified claims, each of its type: `sub` text, `role` a known role, `org` text or null."""
    subject, role, org = claims.get("sub"), claims.get("role"), claims.get("org")
    if not isinstance(subject, str) or not subject:
        raise Unauthorized("token subject must be a non-empty string")
    if not isinstance(role, str) or role not in ROLES:
        raise Unauthorized("token has no known role")
    if org is not None and not isinstance(org, str):
        raise Unauthorized("token org must be a string or null")
    if not isinstance(claims.get("bulk", False), bool):
        raise Unauthorized("token bulk must be a boolean")
    return Principal(subject=subject, role=role, org=org, bulk=claims.get("bulk", False))


def check_division(principal: Principal) -> Principal:
    """An official, regulator or finance token acts for a real division (the reference table), else 403: org
    `3`, `33` or `330` is no division and reaches nothing."""
    if principal.role in DIVISION_ROLES and not reference.is_division(principal.org):
        raise Forbidden(
            f"a {principal.role} token acts for a division of Jiaxing (the city 330400, one of its 7 counties or "
            f"72 towns); {principal.org!r} is none",
            rule="division",
        )
    return principal


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


def roles_of(view, method: str) -> tuple[str, ...] | None:
    """The roles a view declares with `requires` for `method`."""
    return getattr(view_function(view, method), ROLES_ATTR, None)


def view_function(view, method: str):
    """The function that answers `method`: the view itself, or a MethodView's method (HEAD is served by GET)."""
    view_class = getattr(view, "view_class", None)
    if view_class is None:
        return view
    return getattr(view_class, "get" if method.upper() == "HEAD" else method.lower(), None)


def admit(roles: tuple[str, ...]) -> Principal:
    """Authenticate the caller and check the role (admin always passes); remembered for `current_principal`."""
    principal = authenticate()
    if roles and principal.role not in roles and not principal.is_admin:
        raise Forbidden(f"role {principal.role!r} may not do this; needs one of {sorted(roles)}")
    g.principal = principal
    return principal


def authenticate_first() -> None:
    """before_request: a protected endpoint's caller is known before its body or query is parsed (a `gated`
    view's own check runs instead)."""
    view = view_function(current_app.view_functions.get(request.endpoint or ""), request.method)
    if (gate := getattr(view, GATE_ATTR, None)) is not None:
        return gate()
    if (roles := getattr(view, ROLES_ATTR, None)) is not None:
        admit(roles)


def gated(gate):
    """Decorator: `gate()` checks the caller of this view before anything of the request is read (a credential
    other than a user's token, e.g. the metrics scraper's)."""

    def decorator(view):
        setattr(view, GATE_ATTR, gate)
        return view

    return decorator


def requires(*roles: str):
    """Decorator: a valid token whose role is one of `roles` (admin always passes); documented in OpenAPI.

    The check runs in `authenticate_first` (before body parsing); the wrapper checks again only when the view
    is called without it.
    """
    if unknown := set(roles) - set(ROLES):
        raise ValueError(f"unknown roles {unknown}")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if "principal" not in g:
                admit(roles)
            return view(*args, **kwargs)

        setattr(wrapper, ROLES_ATTR, roles)
        wrapper._apidoc = deepcopy(getattr(wrapper, "_apidoc", {}))
        wrapper._apidoc["manual_doc"] = deepupdate(
            deepcopy(wrapper._apidoc.get("manual_doc", {})),
            {
                "security": BEARER,
                "description": f"Roles: {', '.join(roles) or 'any'}{'' if roles == ('admin',) else ' (and admin)'}.",
                "responses": {"401": "UNAUTHORIZED", "403": "FORBIDDEN"},
            },
        )
        return wrapper

    return decorator


def main(argv: list[str] | None = None) -> None:
    """Print a development token: `python -m services.common.web.auth --role agency --org <id>`."""
    parser = argparse.ArgumentParser(description="Issue an Anfu development token (HS256, JWT_SECRET).")
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--org", default=None, help="organisation the token acts for (agency/enterprise id ...)")
    parser.add_argument("--sub", default=None, help="subject (person or system); default role:org")
    parser.add_argument("--hours", type=float, default=12)
    parser.add_argument("--bulk", action="store_true", help="a bulk credential (writes limited by RATE_LIMIT_BULK)")
    args = parser.parse_args(argv)
    config = Config.from_env("registry")
    if config.jwt_algorithm != "HS256":
        parser.error("development tokens need JWT_ALGORITHM=HS256")
    print(issue_token(config, args.role, args.org, args.sub, args.hours, bulk=args.bulk))


if __name__ == "__main__":
    main()
