"""Made-up but well-formed identities of the demo city: firm and agency names, people, phone numbers, unified
social credit codes (GB 32100) and resident ID numbers (GB 11643) with correct check characters.

Pure: every function draws from the `random.Random` it is given, so a seed gives the same city every time.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from services.common.reference import COUNTIES, TOWNS
from services.registry.domain.codes import USCC_CHARS, id_check_char, uscc_check_char

SURNAMES = "沈陆钱周徐朱张王李吴顾姚金褚许蒋俞潘范陈杨屠费冯曹严马孙"
GIVEN = "建国伟明华强军平红英敏静丽芳晓峰慧立新志文浩宇杰磊勇春燕雪梅海涛斌彬雯佳琪欣怡"
WORDS = [
    "恒达",
    "安澜",
    "嘉禾",
    "禾兴",
    "鸿运",
    "南湖",
    "秀源",
    "永固",
    "天成",
    "锦华",
    "众诚",
    "瑞丰",
    "华宇",
    "星火",
    "东方",
    "宏盛",
    "振华",
    "金鼎",
    "润泽",
    "信和",
    "长运",
    "新时代",
    "明珠",
    "远航",
    "国泰",
    "中盛",
    "卓越",
    "鼎盛",
    "和泰",
    "康盛",
    "正元",
    "同力",
    "浙北",
    "运河",
    "青莲",
    "梅湾",
    "丝路",
    "钱塘",
    "乌镇",
]
AGENCY_TRADES = [
    "安全技术服务有限公司",
    "安全评价有限公司",
    "安全咨询有限公司",
    "安全科技有限公司",
    "检测技术有限公司",
    "职业卫生技术服务有限公司",
    "应急管理咨询有限公司",
]
ORIGINS = {"上海市": "310000", "杭州市": "330100", "苏州市": "320500", "宁波市": "330200", "湖州市": "330500"}
#: issuers of the certificates a provider declares, by where it comes from
ISSUERS = ("浙江省应急管理厅", "嘉兴市应急管理局", "浙江省卫生健康委员会", "浙江省市场监督管理局")


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    return rng.choice(("138", "139", "137", "135", "158", "157", "189")) + "573" + f"{rng.randrange(10**5):05d}"


def contact(rng: random.Random, role: str) -> dict:
    name = person(rng)
    return {"name": name, "phone": phone(rng), "email": None, "role": role}


def uscc(rng: random.Random, division: str, kind: str = "91") -> str:
    """A unified social credit code registered in `division` (6 digits); `91` = a company."""
    first17 = kind + division + "".join(rng.choices(USCC_CHARS, k=9))
    return first17 + uscc_check_char(first17)


def id_number(rng: random.Random, county: str) -> str:
    """A resident ID number issued in `county`, born 1960–1990."""
    born = date(1960, 1, 1) + timedelta(days=rng.randrange(30 * 365))
    first17 = county + born.strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    return first17 + id_check_char(first17)


def place_prefix(county: str | None, town: str | None, origin: str | None) -> str:
    """The place a firm name starts with: a county (嘉兴 for the city districts), or its origin city."""
    if origin:
        return origin.removesuffix("市")
    name = COUNTIES[county]
    if name.endswith("区"):
        return "嘉兴" + (TOWNS[town].removesuffix("街道").removesuffix("镇") if town else "")
    return name.removesuffix("市").removesuffix("县")


class Unique:
    """Draws names until one is new (names in a directory must be told apart)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, rng: random.Random, make) -> str:
        for _ in range(1000):
            name = make(rng)
            if name not in self.seen:
                self.seen.add(name)
                return name
        raise RuntimeError("ran out of names")
