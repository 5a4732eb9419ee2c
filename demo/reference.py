"""What the demo city is made of: sizes, Jiaxing's typical industries (GB/T 4754-2017 classes), expert
specialties, the shares of each kind of thing. Data only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    providers: int
    experts: int
    enterprises: int
    deals: int
    violations: int
    spot_checks: int
    patience: int  # seconds to wait for the services to catch up with the events of the phase before


SIZES = {
    "small": Size(providers=30, experts=10, enterprises=100, deals=36, violations=8, spot_checks=8, patience=90),
    "medium": Size(providers=100, experts=40, enterprises=1000, deals=240, violations=24, spot_checks=24, patience=240),
    "large": Size(
        providers=300, experts=100, enterprises=3000, deals=1200, violations=60, spot_checks=60, patience=900
    ),
}

#: GB/T 4754-2017 classes common in Jiaxing: code, what the firm name says, high-risk (高危行业)
INDUSTRIES = (
    ("1713", "印染", True),
    ("1752", "化纤织造", False),
    ("1761", "针织", False),
    ("1819", "服饰", False),
    ("1921", "皮革服装", False),
    ("1952", "鞋业", False),
    ("2110", "家具", False),
    ("2221", "纸业", False),
    ("2641", "涂料", True),
    ("2651", "化工", True),
    ("2822", "化纤", True),
    ("2922", "塑料制品", False),
    ("3061", "玻璃纤维", False),
    ("3311", "五金制品", False),
    ("3360", "表面处理", True),
    ("3452", "紧固件", False),
    ("3489", "机械配件", False),
    ("3670", "汽车零部件", False),
    ("3831", "电线电缆", False),
    ("3872", "照明电器", False),
    ("3982", "电子", False),
    ("4411", "热电", True),
    ("4710", "建设", True),
    ("5212", "超市", False),
    ("5265", "加油站", True),
    ("5431", "物流", False),
    ("5435", "危险品运输", True),
    ("5942", "仓储", True),
    ("6110", "酒店", False),
    ("6210", "餐饮", False),
    ("0141", "农业", False),
)
#: micro, small, medium, large: how often, and the head count range
ENTERPRISE_SIZES = (
    ("micro", 40, (3, 19)),
    ("small", 35, (20, 99)),
    ("medium", 18, (100, 499)),
    ("large", 7, (500, 3000)),
)

#: the categories agencies offer, weighted (safety evaluation and hazard investigation are what firms buy most)
CATEGORY_WEIGHTS = {
    "safety_consulting": 10,
    "safety_training": 8,
    "safety_evaluation": 9,
    "testing_inspection": 6,
    "occupational_health": 6,
    "hazard_investigation": 9,
    "standardization_coaching": 5,
    "risk_identification": 4,
    "insurance_risk_assessment": 1,
    "emergency_rescue_support": 2,
    "smart_monitoring": 3,
}
CATEGORY_NAMES = {
    "safety_consulting": "安全生产咨询",
    "safety_training": "安全生产教育培训",
    "safety_evaluation": "安全现状评价",
    "testing_inspection": "安全检测检验",
    "occupational_health": "职业病危害因素检测",
    "hazard_investigation": "事故隐患排查治理",
    "standardization_coaching": "安全生产标准化辅导",
    "risk_identification": "风险辨识与分级管控",
    "insurance_risk_assessment": "安责险风险评估",
    "emergency_rescue_support": "应急预案编制与演练",
    "smart_monitoring": "智慧用电监测",
}
#: categories whose certificates have a level (资质等级)
LEVELLED = {"safety_evaluation": ("甲级", "乙级"), "testing_inspection": ("甲级", "乙级", "丙级")}
#: categories whose work includes an on-site inspection (检查) under the contract
INSPECTED = (
    "hazard_investigation",
    "safety_evaluation",
    "testing_inspection",
    "standardization_coaching",
    "risk_identification",
)
SPECIALTIES = (
    "危险化学品",
    "机械安全",
    "电气安全",
    "消防安全",
    "职业卫生",
    "建筑施工安全",
    "特种设备",
    "粉尘防爆",
    "有限空间作业",
    "应急管理",
    "交通运输安全",
    "安全生产标准化",
)
EXPERT_SECTIONS = ("C", "D", "E", "F", "G", "H")

#: what becomes of a deal (a demand and what followed), weighted
OUTCOMES = {
    "completed": 55,
    "late": 8,
    "signed": 8,
    "open": 5,
    "cancelled": 3,
    "withdrawn": 5,
    "terminated": 5,
    "admitted": 3,
    "claim": 8,
}
VIOLATION_CODES = {
    "minor": ("late-report", "报告未按期报送"),
    "general": ("incomplete-records", "技术服务档案不完整"),
    "serious": ("qualification-rental", "出租、出借资质证书"),
    "severe": ("false-report", "出具虚假报告"),
}
