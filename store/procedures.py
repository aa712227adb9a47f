"""The usual preliminary procedures (前期手续); each project gets them, editable."""

DEFAULT_PROCEDURES: list[str] = [
    "立项(审批/核准/备案)",
    "用地预审与选址",
    "用地审批/土地出让",
    "节能审查",
    "环评",
    "安评",
    "水保",
    "建设用地规划许可证",
    "建设工程规划许可证",
    "施工图审查(含消防)",
    "施工许可证",
]

PROBLEM_STATUSES = ["open", "in_hand", "resolved", "unresolvable"]

# The kinds of problem an enterprise raises, as offices name them, with the English word.
PROBLEM_CATEGORIES: dict[str, str] = {
    "用地": "land",
    "用电": "power",
    "用水": "water",
    "用气": "gas",
    "融资": "financing",
    "用工": "labour",
    "手续审批": "approvals",
    "基础设施": "infrastructure",
    "环保": "environment",
    "其他": "other",
}
