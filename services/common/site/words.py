"""How the public site names things (names, never codes): places, authorities, the Chinese name of each code,
money in 元. Pure functions: pages, notices and exports use the same words."""

from __future__ import annotations

from services.common.reference import CITY_CODE, COUNTIES, TOWNS, division_name
from services.common.reference.practice import CERTIFICATE_KINDS, TALENT_LEVELS

LABELS = {
    "category": {
        "safety_consulting": "安全咨询",
        "safety_training": "安全教育培训",
        "safety_evaluation": "安全评价",
        "testing_inspection": "安全检测检验",
        "occupational_health": "职业卫生服务",
        "hazard_investigation": "隐患排查治理",
        "standardization_coaching": "标准化辅导",
        "risk_identification": "风险辨识",
        "insurance_risk_assessment": "保险风险评估",
        "emergency_rescue_support": "应急救援",
        "smart_monitoring": "智慧用电消防监测",
    },
    "kind": {
        "agency": "中介服务机构",
        "leading_enterprise": "行业领军企业",
        "association": "行业协会",
        "insurer": "保险机构",
    },
    "expert_grade": {"senior": "高级", "intermediate": "中级", "junior": "初级"},
    "industry": {
        "A": "农、林、牧、渔业",
        "B": "采矿业",
        "C": "制造业",
        "D": "电力、热力、燃气及水生产和供应业",
        "E": "建筑业",
        "F": "批发和零售业",
        "G": "交通运输、仓储和邮政业",
        "H": "住宿和餐饮业",
        "I": "信息传输、软件和信息技术服务业",
        "J": "金融业",
        "K": "房地产业",
        "L": "租赁和商务服务业",
        "M": "科学研究和技术服务业",
        "N": "水利、环境和公共设施管理业",
        "O": "居民服务、修理和其他服务业",
        "P": "教育",
        "Q": "卫生和社会工作",
        "R": "文化、体育和娱乐业",
        "S": "公共管理、社会保障和社会组织",
        "T": "国际组织",
    },
    "severity": {"minor": "轻微", "general": "一般", "serious": "较重", "severe": "严重"},
    "buyer_type": {"enterprise": "企业", "insurer": "保险机构", "government": "政府部门", "association": "行业协会"},
    "contract_status": {"signed": "履行中", "completed": "已完成", "terminated": "已解除"},
    "programme_kind": {
        "enterprise_purchase": "购买服务补助",
        "cluster_base_support": "集聚基地扶持",
        "town_reward": "以奖代补",
    },
    "programme_state": {"open": "申报中", "closed": "已结束"},
    "certificate_kind": dict(CERTIFICATE_KINDS),
    "talent_level": dict(TALENT_LEVELS),
}


def place(county: str | None, town: str | None = None) -> str:
    """County and town by name (嘉兴市外 when the place is outside the city)."""
    if not county:
        return "嘉兴市外"
    return " ".join(n for n in (COUNTIES.get(county) or _name(county), TOWNS.get(town or "")) if n)


def _name(code: str) -> str:
    try:
        return division_name(code)
    except KeyError:
        return "嘉兴市外"


def authority(name: str | None) -> str:
    """Who recorded something: a division code by its name (330400 -> 嘉兴市), any other name as it is."""
    if name == CITY_CODE:
        return "嘉兴市"
    return _name(name) if name in COUNTIES or name in TOWNS else (name or "—")


def label(kind: str, value) -> str:
    """The Chinese name of a code (the code itself if there is none)."""
    return LABELS.get(kind, {}).get(value, value if value is not None else "—")


def yuan(fen: int | None) -> str:
    """Integer fen as yuan with thousands separators: 123456 -> 1,234.56."""
    if fen is None:
        return "—"
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def options(kind: str) -> list[tuple[str, str]]:
    """(value, Chinese name) of a label kind, for a select."""
    return list(LABELS[kind].items())
