"""A realistic, deterministic demo office: Gansu's real projects plus generated ones.

The demo ledger is dated DEMO_TODAY (the real projects are of 2023-2024); the database
remembers that date, so every view of the demo counts down from it unless --today says
otherwise.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from store.commands.funds import add_to_month
from store.commands.history import Actor
from store.commands.procedures import count_procedures
from store.commands.projects import create_project, refresh_derived
from store.commands.targets import set_target
from store.db.models import Problem, Procedure, Project, Setting, Steward
from store.procedures import DEFAULT_PROCEDURES
from store.queries.settings import DEMO_TODAY_KEY
from store.service import Store
from store.stages import STAGES, Kind, Stage

DEMO_TODAY = date(2024, 6, 30)
YI = 100_000_000
WAN = 10_000

COUNTIES = {
    "肃州区": "酒泉经济技术开发区",
    "玉门市": "玉门经济开发区",
    "瓜州县": "瓜州工业园区",
    "金塔县": "金塔北河湾循环经济产业园",
    "敦煌市": "敦煌光电产业园",
    "阿克塞县": "阿克塞工业园区",
    "肃北县": "马鬃山工业园区",
    "崆峒区": "平凉工业园区",
    "华亭市": "华亭工业园区",
    "清水县": "清水县工业集中区",
    "麦积区": "天水经济技术开发区",
}
CHAINS = [
    "风电装备",
    "光伏装备",
    "光热装备",
    "储能装备",
    "氢能装备",
    "智能电网装备",
    "新材料",
    "农产品加工",
    "文旅康养",
    "中医药",
]
ORIGINS = ["江苏", "浙江", "广东", "上海", "北京", "山东", "陕西", "四川", "福建", "天津"]
WON_BY = ["节会", "兰洽会", "小分队", "以商招商", "驻外", "云签约"]
STEWARDS = [
    ("王建国", "副市长", "酒泉市人民政府", "市级", "0937-2612001"),
    ("李志强", "市委常委", "酒泉市委", "市级", "0937-2612002"),
    ("张丽华", "副市长", "平凉市人民政府", "市级", "0933-8212003"),
    ("刘海峰", "县委书记", "瓜州县委", "县级", "0937-5512004"),
    ("陈明", "市长", "玉门市人民政府", "县级", "0937-3312005"),
    ("赵文博", "区长", "肃州区人民政府", "区级", "0937-2812006"),
    ("孙晓燕", "副县长", "金塔县人民政府", "县级", "0937-4412007"),
    ("周国平", "县长", "清水县人民政府", "县级", "0938-7212008"),
    ("吴天宇", "市委常委", "天水市委", "市级", "0938-8212009"),
    ("郑海涛", "副市长", "敦煌市人民政府", "县级", "0937-8812010"),
    ("马玉兰", "区长", "崆峒区人民政府", "区级", "0933-8612011"),
    ("何志远", "副市长", "华亭市人民政府", "县级", "0933-7712012"),
]
UNITS = ["市发展改革委", "市工信局", "市商务局", "市自然资源局", "县招商局", "园区管委会"]
PROBLEMS = [
    ("用地", "建设用地指标尚未落实"),
    ("用电", "配套变电站接入未完成"),
    ("融资", "项目贷款审批进度慢"),
    ("用工", "技术工人招聘困难"),
    ("用水", "工业用水指标待协调"),
    ("手续", "环评批复等待省级审查"),
]
PRODUCTS = [
    ("储能电池", "储能装备"),
    ("光伏组件", "光伏装备"),
    ("风机叶片", "风电装备"),
    ("塔筒法兰", "风电装备"),
    ("熔盐储热", "光热装备"),
    ("电解槽制氢", "氢能装备"),
    ("智能变压器", "智能电网装备"),
    ("碳化硅", "新材料"),
    ("有机硅", "新材料"),
    ("高原夏菜冷链", "农产品加工"),
    ("马铃薯精深加工", "农产品加工"),
    ("中药材饮片", "中医药"),
    ("文旅综合体", "文旅康养"),
    ("光伏支架", "光伏装备"),
]
COMPANY_HEADS = [
    "远景",
    "金风",
    "隆基",
    "中核",
    "华能",
    "国家电投",
    "中车",
    "特变",
    "晶科",
    "天合",
    "东方电气",
    "明阳",
    "大唐",
    "三峡",
    "南都",
    "鸿合",
    "海螺",
    "恒基",
]


def _real_projects() -> list[dict[str, Any]]:
    """Projects named in the reports, with their published facts."""
    return [
        dict(
            name="酒泉南都电源4GWh储能电池及系统集成项目",
            investor="浙江南都电源动力股份有限公司",
            investor_origin="浙江",
            county="肃州区",
            chain="储能装备",
            land_mu=Decimal(200),
            build_content="4GWh磷酸铁锂储能电芯、PACK及系统集成",
            total_investment_yuan=30 * YI,
            signed_amount_yuan=30 * YI,
            expected_output_yuan=30 * YI,
            jobs=500,
            signed_on=date(2023, 3, 18),
            procedures_on=date(2023, 4, 20),
            started_on=date(2023, 8, 15),
            stage=Stage.STARTED,
            production_due=date(2024, 7, 20),
        ),
        dict(
            name="甘肃巨化高性能硅氟新材料项目",
            investor="巨化集团有限公司",
            investor_origin="浙江",
            county="玉门市",
            chain="新材料",
            total_investment_yuan=80 * YI,
            signed_amount_yuan=80 * YI,
            signed_on=date(2023, 5, 10),
            procedures_on=date(2023, 7, 1),
            started_on=date(2024, 1, 28),
            stage=Stage.STARTED,
            production_due=date(2025, 12, 31),
        ),
        dict(
            name="陕煤集团60万吨/年可降解材料项目",
            investor="陕西煤业化工集团有限责任公司",
            investor_origin="陕西",
            county="玉门市",
            chain="新材料",
            total_investment_yuan=263 * YI,
            signed_amount_yuan=263 * YI,
            signed_on=date(2023, 9, 12),
            stage=Stage.PROCEDURES,
            procedures_on=date(2023, 11, 2),
            start_due=date(2024, 6, 10),
        ),
        dict(
            name="玉门抽水蓄能电站",
            investor="中国电建集团",
            investor_origin="北京",
            county="玉门市",
            chain="智能电网装备",
            total_investment_yuan=102 * YI,
            signed_amount_yuan=102 * YI,
            signed_on=date(2022, 10, 8),
            kind=Kind.CONTINUING,
            procedures_on=date(2022, 12, 1),
            started_on=date(2023, 3, 16),
            stage=Stage.STARTED,
            production_due=date(2028, 6, 30),
            resumed_on=date(2024, 3, 5),
        ),
        dict(
            name="酒泉鸿合新能源5GWh储能电芯及系统基地",
            investor="鸿合新能源科技有限公司",
            investor_origin="广东",
            county="肃州区",
            chain="储能装备",
            total_investment_yuan=50 * YI,
            signed_amount_yuan=50 * YI,
            signed_on=date(2023, 11, 20),
            procedures_on=date(2023, 12, 10),
            started_on=date(2024, 2, 26),
            stage=Stage.STARTED,
            production_due=date(2024, 12, 31),
        ),
        dict(
            name="远景酒泉智慧储能系统制造基地一期",
            investor="远景科技集团",
            investor_origin="江苏",
            county="肃州区",
            chain="储能装备",
            total_investment_yuan=15 * YI,
            signed_amount_yuan=15 * YI,
            signed_on=date(2023, 4, 6),
            procedures_on=date(2023, 4, 20),
            started_on=date(2023, 6, 1),
            producing_on=date(2023, 12, 1),
            stage=Stage.PRODUCING,
        ),
        dict(
            name="华贸复合陶瓷耐材一体化综合循环利用项目",
            investor="华贸新材料有限公司",
            investor_origin="河南",
            county="清水县",
            chain="新材料",
            jobs=1200,
            build_content="年产30万吨碳化硅",
            total_investment_yuan=8 * YI,
            signed_amount_yuan=8 * YI,
            expected_output_yuan=50 * YI,
            signed_on=date(2023, 2, 15),
            procedures_on=date(2023, 3, 20),
            started_on=date(2023, 6, 18),
            stage=Stage.STARTED,
            production_due=date(2025, 6, 30),
        ),
        dict(
            name="君石中药材二期项目",
            investor="君石药业有限公司",
            investor_origin="甘肃",
            county="清水县",
            chain="中医药",
            total_investment_yuan=3 * YI,
            signed_amount_yuan=3 * YI,
            signed_on=date(2024, 4, 2),
            stage=Stage.SIGNED,
            procedures_due=date(2024, 7, 10),
        ),
    ]


def _money(rng: random.Random) -> int:
    """A signed amount between 0.3 and 60 亿元, to the 万元 as sheets give it."""
    return int(min(60.0, rng.lognormvariate(1.0, 1.0)) * 10_000 + 3_000) * WAN


def _dated(rng: random.Random, values: dict[str, Any], signed_on: date, stage: Stage) -> None:
    """The dates of the stages reached and the deadlines, set in values."""
    # Each stage is entered some weeks after the last; deadlines fall around those dates,
    # so some projects are early, some near their deadline and some overdue.
    values["procedures_due"] = signed_on + timedelta(days=rng.randrange(60, 150))
    entered = signed_on
    for later in STAGES[1 : stage.index + 1]:
        entered += timedelta(days=rng.randint(0, (DEMO_TODAY - entered).days) // 2)
        values[later.date_field] = entered
    values["start_due"] = values["procedures_due"] + timedelta(days=rng.randrange(30, 160))
    values["production_due"] = values["start_due"] + timedelta(days=rng.randrange(150, 540))
    # The deadline now counting down: most on time, some near, some overdue, as in real ledgers.
    if stage.deadline_field:
        low, high = rng.choices([(16, 200), (0, 15), (-30, -1), (-150, -31)], [58, 12, 14, 16])[0]
        due = max(signed_on, DEMO_TODAY + timedelta(days=rng.randint(low, high)))
        values[stage.deadline_field] = due
        if values["start_due"] > values["production_due"]:
            if stage is Stage.STARTED:
                values["start_due"] = due
            else:
                values["production_due"] = values["start_due"] + timedelta(days=180)


def _generated(rng: random.Random, number: int) -> dict[str, Any]:
    product, chain = rng.choice(PRODUCTS)
    county = rng.choice(list(COUNTIES))
    head = rng.choice(COMPANY_HEADS)
    kind = Kind.CONTINUING if rng.random() < 0.2 else Kind.NEW
    earliest = date(2022, 3, 1) if kind is Kind.CONTINUING else date(2023, 6, 1)
    span = (DEMO_TODAY - timedelta(days=10) - earliest).days
    signed_on = earliest + timedelta(days=rng.randrange(span))
    stage = rng.choices(STAGES, weights=[22, 30, 33, 15])[0]
    if kind is Kind.CONTINUING and stage in (Stage.SIGNED, Stage.PROCEDURES):
        stage = Stage.STARTED
    amount = _money(rng)
    values: dict[str, Any] = dict(
        code=(
            f"{signed_on:%y%m}-62{rng.randrange(10, 99)}{rng.randrange(10, 99)}-"
            f"{rng.randrange(1, 10):02d}-{rng.randrange(1, 4):02d}-{number:06d}"
            if rng.random() < 0.85
            else None
        ),
        name=f"{head}{county[:2]}{product}项目" + ("" if number % 3 else f"({number})"),
        investor=f"{rng.choice(ORIGINS)}{head}{chain[:2]}科技有限公司",
        investor_origin=rng.choice(ORIGINS),
        county=county,
        park=COUNTIES[county],
        chain=chain,
        kind=kind,
        build_content=f"建设{product}生产线及配套设施",
        signed_amount_yuan=amount,
        total_investment_yuan=amount + rng.randrange(0, 3) * amount // 4,
        annual_plan_yuan=amount // rng.choice([2, 3, 4]),
        land_mu=Decimal(rng.randrange(20, 800)),
        expected_output_yuan=amount * rng.randrange(1, 4),
        jobs=rng.randrange(20, 1500, 10),
        won_by=rng.choice(WON_BY),
        responsible_unit=rng.choice(UNITS),
        stage=stage,
        signed_on=signed_on,
    )
    _dated(rng, values, signed_on, stage)
    if kind is Kind.CONTINUING and rng.random() < 0.8:
        values["resumed_on"] = date(2024, 2, 20) + timedelta(days=rng.randrange(0, 60))
    values["progress_note"] = {
        Stage.SIGNED: "已签约，正在编制可研报告",
        Stage.PROCEDURES: "正在办理前期手续",
        Stage.STARTED: "主体工程建设中",
        Stage.PRODUCING: "已建成投产",
    }[stage]
    return values


def build_demo(
    store: Store,
    projects: int = 200,
    seed: int = 7,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Fill the database with the demo office; returns the number of projects written."""
    rng = random.Random(seed)
    rows = _real_projects()
    rows += [_generated(rng, number) for number in range(len(rows) + 1, projects + 1)]
    rows = rows[:projects]
    store.default_today(DEMO_TODAY)  # the demo's own dates, unless --today asked for another
    actor = store.actor
    with store.writing() as session:
        stewards = []
        for name, title, unit, level, phone in STEWARDS:
            steward = Steward(name=name, title=title, unit=unit, level=level, phone=phone)
            session.add(steward)
            stewards.append(steward)
        session.flush()
        made: list[int] = []
        for number, values in enumerate(rows, 1):
            steward = stewards[(number * 7 + rng.randrange(3)) % len(stewards)]
            values.setdefault("kind", Kind.NEW)
            values["county_leader"] = rng.choice(STEWARDS[3:])[0]
            _where_signed(values, number)
            project = create_project(session, actor, values, steward=steward.name)
            _fill(actor, session, rng, project)
            made.append(project.id or 0)
            if number % 97 == 0 and project.stage != Stage.PRODUCING:
                project.withdrawn_on = min(
                    DEMO_TODAY, (project.signed_on or DEMO_TODAY) + timedelta(days=30)
                )
                project.withdraw_reason = "企业投资计划调整"
                refresh_derived(project)
            if progress and number % 50 == 0:
                progress(number, len(rows))
        count_procedures(session, made)  # _fill ticked them directly
        _demo_notices(session, actor)
        _demo_leads(session, actor)
        _demo_targets(session, actor)
        session.merge(Setting(key=DEMO_TODAY_KEY, value=DEMO_TODAY.isoformat()))
        for key, value in OFFICE_PLACE.items():  # an office's own place is left as it set it
            if session.get(Setting, key) is None:
                session.add(Setting(key=key, value=value))
    return len(rows)


# The demo office's place: its investors' origins are placed against it (store.figures).
OFFICE_PLACE = {"office.province": "甘肃", "office.city": "酒泉"}
# The 兰洽会 sessions before the demo's today, each with its opening day.
FAIRS = [(date(2022, 7, 8), "第二十八届兰洽会"), (date(2023, 7, 7), "第二十九届兰洽会")]
# Origins within the province, every so many projects: elsewhere in it, the city itself, and
# the province alone (which no figure can place).
NEAR_ORIGINS = {6: "甘肃兰州", 17: "酒泉", 13: "甘肃"}


def _where_signed(values: dict[str, Any], number: int) -> None:
    """The event a fair's project was signed at (the last session by its signing date), and
    an origin within the province for some: worked out from the row, so the demo's random
    draws stay as they were."""
    signed_on = values.get("signed_on")
    if values.get("won_by") == "兰洽会" and signed_on is not None:
        held = [name for opened, name in FAIRS if opened <= signed_on]
        if held:
            values["signing_event"] = held[-1]
    for every, origin in NEAR_ORIGINS.items():
        if number % every == 0:
            values["investor_origin"] = origin


def _fill(actor: Actor, session: Session, rng: random.Random, project: Project) -> None:
    """Procedures ticked as the stage implies, monthly funds, and a few problems."""
    stage = Stage(project.stage)
    procedures = session.exec(select(Procedure).where(Procedure.project_id == project.id)).all()
    due_base = project.procedures_due or DEMO_TODAY
    for position, procedure in enumerate(procedures):
        procedure.due_on = due_base - timedelta(days=(len(DEFAULT_PROCEDURES) - position) * 5)
        procedure.required = not (position in (5, 6) and rng.random() < 0.4)
        finished = stage.index >= Stage.STARTED.index or (
            stage is Stage.PROCEDURES and rng.random() < 0.6
        )
        if finished and procedure.due_on <= DEMO_TODAY:
            done_on = min(DEMO_TODAY, procedure.due_on - timedelta(days=rng.randrange(0, 20)))
            procedure.done_on = max(done_on, project.signed_on or done_on)
    month = (project.signed_on or DEMO_TODAY).replace(day=1)
    funded = 0
    while month <= DEMO_TODAY and stage is not Stage.SIGNED:
        if rng.random() < 0.6 and funded < project.signed_amount_yuan:
            funds = min(
                project.signed_amount_yuan - funded,
                project.signed_amount_yuan * rng.randrange(3, 15) // 100 // WAN * WAN,
            )
            funded += funds
            add_to_month(
                session,
                actor,
                project,
                month,
                funds_yuan=funds,
                completed_yuan=funds * rng.randrange(70, 100) // 100 // WAN * WAN,
                note=project.progress_note,
                action="create",
            )
        month = (month + timedelta(days=32)).replace(day=1)
    if rng.random() < 0.35:
        assert project.id is not None  # the demo's projects are flushed before they are filled
        category, text = rng.choice(PROBLEMS)
        raised = min(
            DEMO_TODAY, (project.signed_on or DEMO_TODAY) + timedelta(days=rng.randrange(5, 90))
        )
        status = rng.choices(["open", "in_hand", "resolved", "unresolvable"], [2, 3, 8, 1])[0]
        session.add(
            Problem(
                project_id=project.id,
                raised_on=raised,
                category=category,
                text=text,
                owner=project.responsible_unit,
                due_on=raised + timedelta(days=30),
                status=status,
                resolved_on=min(DEMO_TODAY, raised + timedelta(days=rng.randrange(3, 40)))
                if status == "resolved"
                else None,
            )
        )


def _demo_notices(session: Session, actor: Actor) -> None:
    """Supervision a few weeks in: blue notices issued on the most overdue projects, a week
    apart; the unanswered ones risen by supervise, one replied, one summons recorded."""
    from store.commands import notices
    from store.queries.listing import Countdown
    from store.queries.settings import thresholds
    from store.queries.supervision import proposals

    late = proposals(session, Countdown(actor.today, thresholds(session)))[:8]
    issued = []
    for number, proposal in enumerate(late):
        project = session.get(Project, proposal.project_id)
        assert project is not None and project.signed_on is not None
        day = max(project.signed_on, actor.today - timedelta(days=3 + 7 * (number % 5)))
        notice = notices.issue_notice(session, actor, proposal.project_id, issued_on=day)
        issued.append(notice)
    if len(issued) > 1:
        answered = issued[1]
        assert answered.id is not None and answered.reply_due is not None
        notices.reply_notice(
            session,
            actor,
            answered.id,
            "企业已补齐环评材料，县发改局牵头联审",
            answered.reply_due + timedelta(days=30),
            replied_on=min(actor.today, answered.issued_on + timedelta(days=2)),
        )
    notices.supervise(session, actor)
    due = [n for n in issued if n.level == "summons" and n.id is not None]
    if due and due[0].id is not None:  # the summons held: who summoned whom, today
        notices.record_summons(session, actor, due[0].id, "县长", "责任单位主要负责人")


# The demo's leads before signing: name, source, owner, amount (亿元), chain, registered,
# then the days it was assessed, negotiated and reported on (None: not yet).
DEMO_LEADS: list[tuple[str, str, str, str, str, str, str | None, str | None, str | None]] = [
    (
        "远景智慧储能二期线索",
        "以商招商",
        "王建国",
        "12",
        "储能装备",
        "2024-06-28",
        None,
        None,
        None,
    ),
    ("金风科技风机总装线索", "节会", "李志强", "8", "风电装备", "2024-06-27", None, None, None),
    ("隆基光伏组件线索", "小分队", "张丽华", "20", "光伏装备", "2024-06-18", None, None, None),
    ("中车氢能装备线索", "驻外", "刘海峰", "5", "氢能装备", "2024-06-24", "2024-06-26", None, None),
    ("首航光热熔盐线索", "中介", "陈明", "15", "光热装备", "2024-06-03", "2024-06-05", None, None),
    (
        "许继智能电网线索",
        "云签约",
        "赵文博",
        "3",
        "智能电网装备",
        "2024-05-06",
        "2024-05-07",
        "2024-05-20",
        "2024-06-25",
    ),
    (
        "宁德储能电池线索",
        "以商招商",
        "王建国",
        "50",
        "储能装备",
        "2024-04-08",
        "2024-04-09",
        "2024-05-10",
        None,
    ),
    (
        "敦煌文旅康养线索",
        "乡贤",
        "郑海涛",
        "2",
        "文旅康养",
        "2024-06-10",
        "2024-06-11",
        "2024-06-24",
        None,
    ),
]
# Signed: one became the demo's 君石中药材二期项目 on its signing day.
DEMO_SIGNED = (
    "君石中药材二期线索",
    "乡贤",
    "周国平",
    "3",
    "中医药",
    "2024-03-01",
    "2024-03-04",
    "2024-03-12",
    "君石中药材二期项目",
)
DEMO_DROPPED = [
    ("某化工新材料线索", "中介", "孙晓燕", "6", "新材料", "2024-05-13", "企业能耗指标不足"),
    ("某数据中心线索", "驻外", "吴天宇", "10", "", "2024-06-11", "企业转投他省"),
]
DEMO_RESERVE = [
    ("玉门抽水蓄能配套产业园", "小分队", "陈明", "30", "储能装备", "2024-02-01", None),
    ("瓜州风光储一体化基地", "节会", "刘海峰", "80", "风电装备", "2024-03-15", "2024-06-03"),
    ("麦积区中药材精深加工", "以商招商", "吴天宇", "4", "中医药", "2024-06-17", None),
]


def _demo_leads(session: Session, actor: Actor) -> None:
    """Leads in every stage, two dropped, one signed into the demo's own project, and a
    reserve of projects the office promotes. A demo made again (--replace) replaces its own
    leads and no other."""
    from sqlmodel import col, delete

    from store.commands.leads import add_lead, drop_lead, log_lead, move_lead, report_lead
    from store.db.models import Lead
    from store.domain.leads import LeadStage
    from store.money import parse_amount
    from store.stages import Change

    names = [row[0] for row in (*DEMO_LEADS, DEMO_SIGNED, *DEMO_DROPPED, *DEMO_RESERVE)]
    session.execute(delete(Lead).where(col(Lead.name).in_(names)))
    on = date.fromisoformat

    def add(
        name: str, source: str, owner: str, amount: str, chain: str, day: str, kind: str
    ) -> None:
        values = {
            "name": name,
            "source": source,
            "owner": owner,
            "chain": chain,
            "amount_yuan": parse_amount(amount),
            "registered_on": on(day),
            "kind": kind,
        }
        add_lead(session, actor, values)

    for name, source, owner, amount, chain, day, assessed, talks, reported in DEMO_LEADS:
        add(name, source, owner, amount, chain, day, "lead")
        if assessed:
            move_lead(session, actor, name, LeadStage.ASSESSED, on(assessed))
        if talks:
            move_lead(session, actor, name, LeadStage.NEGOTIATING, on(talks))
        if reported:
            report_lead(session, actor, name, "企业高层来访，洽谈用地与用能", on(reported))
    for name, source, owner, amount, chain, day, reason in DEMO_DROPPED:
        add(name, source, owner, amount, chain, day, "lead")
        drop_lead(session, actor, name, reason, on(day) + timedelta(days=5))
    for name, source, owner, amount, chain, day, assessed in DEMO_RESERVE:
        add(name, source, owner, amount, chain, day, "reserve")
        if assessed:
            move_lead(session, actor, name, LeadStage.ASSESSED, on(assessed))
    name, source, owner, amount, chain, day, assessed, talks, project_name = DEMO_SIGNED
    project = session.exec(select(Project).where(Project.name == project_name)).first()
    if project is None or project.signed_on is None:
        return  # a demo of fewer projects than the real ones
    add(name, source, owner, amount, chain, day, "lead")
    move_lead(session, actor, name, LeadStage.ASSESSED, on(assessed))
    move_lead(session, actor, name, LeadStage.NEGOTIATING, on(talks))
    lead = session.exec(select(Lead).where(Lead.name == name)).one()
    lead.stage, lead.signed_on, lead.project_id = "signed", project.signed_on, project.id
    signed = [Change("stage", "negotiating", "signed"), Change("signed_on", None, lead.signed_on)]
    log_lead(session, actor, lead, "sign", signed, effective_on=project.signed_on)


def _demo_targets(session: Session, actor: Actor) -> None:
    """The demo year's tasks for each county the demo's projects stand in: signings, their
    amount and funds in place, larger for the later counties, so the assessment ranks some
    ahead of the schedule and some behind."""
    counties = [
        name
        for name in COUNTIES
        if session.exec(select(Project.id).where(Project.county == name).limit(1)).first()
        is not None
    ]
    for place, county in enumerate(counties):
        for figure, amount in (
            ("signed_count", 4 + place),
            ("signed_amount_yuan", (20 + 8 * place) * YI),
            ("funds_in_place_yuan", (6 + 3 * place) * YI),
        ):
            set_target(session, actor, DEMO_TODAY.year, "county", county, figure, amount)
