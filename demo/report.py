"""What the demo made: `CityReport` (counts and ids worth looking at), and where to look."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class CityReport:
    """The demo city as built: what was sent through the APIs and Kafka, counted, and ids to look at."""

    seed: int
    size: str
    built_on: str  # the Jiaxing day it was built (days in the city are relative)
    counts: dict[str, int] = field(default_factory=dict)
    good_provider: str = ""  # grade A: clean record, three passed spot checks
    severe_provider: str = ""  # severe violation: grade D and the severe-dishonesty list
    severe_listed_from: str = ""  # the day its listing starts (7 days after its notice was served)
    rectified_provider: str = ""  # two serious violations: on the rectification list today
    suspended_provider: str = ""  # suspended by a regulator at the end
    cluster_provider: str = ""  # resident in the cluster base (集聚基地)
    outside_provider: str = ""  # an agency from outside Jiaxing
    expert: str = ""  # an expert id (the registry gives it)
    practitioner: str = ""  # a practitioner who moved to another agency (the registry gives the id)
    expert_request: str = ""  # a government request for experts: its public draw audit
    enterprise: str = ""  # an enterprise with a paid purchase subsidy
    contract: str = ""  # a completed contract of that enterprise
    open_demand: str = ""  # a demand still open, with offers waiting
    programme: str = ""  # a county's purchase-subsidy programme, with payments
    provider_ids: tuple[str, ...] = ()  # every provider (its USCC), in plan order
    enterprise_ids: tuple[str, ...] = ()
    seconds: float = 0.0


class Tally:
    """Counts kept by the builder's threads."""

    def __init__(self) -> None:
        self.counts: Counter = Counter()
        self.lock = threading.Lock()

    def add(self, name: str, n: int = 1) -> None:
        with self.lock:
            self.counts[name] += n


PAGES = (
    ("registry", "/public/providers", "服务机构名录 (directory of providers)"),
    ("registry", "/public/experts", "专家库 (expert pool)"),
    ("registry", "/public/talent", "人才名单 (talent list)"),
    ("credit", "/public/credit/page", "信用信息公示 (credit disclosure, lists, bulletins)"),
    ("credit", "/public/credit/severe-dishonesty-list", "严重失信名单 (severe-dishonesty list)"),
    ("credit", "/public/credit/rectification-list", "限期整改名单 (rectification list)"),
    ("credit", "/public/credit/chain", "信用公示校验链 (the chain of bulletins and correction notices)"),
    ("subsidy", "/public/subsidy/programmes", "补贴项目公示 (programmes)"),
    ("subsidy", "/public/subsidy/coverage", "服务覆盖 (coverage by county and town)"),
    ("matching", "/public/expert-draws", "专家抽取公示 (expert-draw audit)"),
)
FRONT_DOOR = "http://127.0.0.1:8000/"  # make run's front door: the home page and every page above


def where_to_look(report: CityReport, urls: dict[str, str]) -> str:
    """The summary `python -m demo` prints."""
    lines = [
        f"Demo city of Jiaxing (seed {report.seed}, size {report.size}), built on {report.built_on} "
        f"in {report.seconds:.0f}s:"
    ]
    lines += [f"  {name:50} {value:>10}" for name, value in report.counts.items()]
    lines += [
        "",
        "Worth looking at:",
        f"  grade A provider         {urls['registry']}/public/providers/{report.good_provider}",
        f"  its credit and practice  {urls['credit']}/public/credit/agencies/{report.good_provider}  "
        f"{urls['matching']}/public/practice/{report.good_provider}",
        f"  its practitioners        {urls['registry']}/public/providers/{report.good_provider}/practitioners",
        f"  severe violation         {urls['credit']}/public/credit/agencies/{report.severe_provider} "
        f"(grade D and listed from {report.severe_listed_from})",
        f"  rectification list       {urls['credit']}/public/credit/agencies/{report.rectified_provider}",
        f"  suspended                {report.suspended_provider}",
        f"  cluster base resident    {urls['registry']}/public/providers/{report.cluster_provider}",
        f"  from outside Jiaxing     {urls['registry']}/public/providers/{report.outside_provider}",
        f"  expert                   {report.expert}",
        f"  practitioner who moved   {report.practitioner} (a second registration refused first)",
        f"  expert draw (audit)      {urls['matching']}/public/expert-draws/{report.expert_request}",
        f"  enterprise / contract    {report.enterprise} / {report.contract}",
        f"  open demand              {report.open_demand}",
        f"  programme                {urls['subsidy']}/public/subsidy/programmes  ({report.programme})",
        "",
    ]
    return "\n".join(lines) + "\n" + pages(urls)


def pages(urls: dict[str, str]) -> str:
    """The public pages and the Swagger UIs."""
    lines = [f"Home page (make run's front door): {FRONT_DOOR}", "", "Public pages (no login):"]
    lines += [f"  {urls[service] + path:55} {what}" for service, path, what in PAGES]
    lines += ["", "Swagger UIs (Authorize with `make token ROLE=regulator ORG=330400`; also under the front door):"]
    lines += [f"  {service:9} {url}/docs   {FRONT_DOOR}api/{service}/docs" for service, url in urls.items()]
    return "\n".join(lines)
