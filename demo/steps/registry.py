"""Registry: providers register themselves and a regulator verifies their certificates (核验), the regulator fills
the expert pool (专家库), enterprises register themselves; at the end a regulator suspends one agency."""

from __future__ import annotations

from ..client import Api, parallel
from ..plan import City
from ..report import Tally

REGULATOR = ("regulator", "330400")  # 嘉兴市应急管理局


def already_built(api: Api, city: City) -> bool:
    """This seed's city is there already (its first provider is registered)."""
    response = api.send("registry", "get", f"/providers/{city.good}", REGULATOR)
    return response.status_code == 200


def register(api: Api, city: City, tally: Tally) -> list[str]:
    """Providers, verifications, experts, enterprises; the expert ids the registry gave, in plan order."""

    def provider(p):
        api.ok("registry", "post", "/providers", (p.role, p.id), (201,), json=p.body)
        for category, number in p.verify:
            api.ok(
                "registry",
                "post",
                f"/providers/{p.id}/qualifications/verify",
                REGULATOR,
                json={"category": category, "certificate_no": number},
            )
        tally.add("providers")
        tally.add("qualifications verified", len(p.verify))

    def expert(body):
        tally.add("experts")
        return api.ok("registry", "post", "/experts", REGULATOR, (201,), json=body)["id"]

    def enterprise(body):
        api.ok("registry", "post", "/enterprises", ("enterprise", body["uscc"]), (201,), json=body)
        tally.add("enterprises")

    parallel(provider, city.providers)
    parallel(enterprise, city.enterprises)
    tally.add("providers in the directory", sum(1 for p in city.providers if p.valid))
    return parallel(expert, city.experts)


def suspend(api: Api, city: City, tally: Tally) -> None:
    api.ok(
        "registry",
        "post",
        f"/providers/{city.suspended}/status",
        REGULATOR,
        json={"status": "suspended", "reason": "资质证书被暂扣，停业整顿"},
    )
    tally.add("providers suspended")


def known_to_credit(api: Api, city: City) -> None:
    """Credit rates every agency from its agency-registered event before anything is recorded against one."""

    def rated(p):
        api.wait(
            f"credit rates {p.id}",
            lambda: api.send("credit", "get", f"/credit/agencies/{p.id}/rating", REGULATOR).status_code == 200,
        )

    parallel(rated, city.providers)
