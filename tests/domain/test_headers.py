"""Headers read by meaning: every form real ledgers use, units wherever they stand."""

from __future__ import annotations

import pytest

from store.domain.headers import (
    FIELDS,
    HeaderReading,
    normalise_header,
    read_header,
    unit_line,
)
from store.errors import UserError
from store.money import Unit

# The header forms of ../shared/domain.md ("What real office sheets look like") and the design.
HEADERS = {
    # stage, and the free text 情况 makes of it
    "项目进展": "stage",
    "建设进度": "stage",
    "项目状态": "stage",
    "目前进度": "stage",
    "项目阶段": "stage",
    "当前阶段": "stage",
    "进展阶段": "stage",
    "进展情况": "progress_note",
    "项目进展情况": "progress_note",
    # places
    "所属县区": "county",
    "属地": "county",
    "县（市、区）": "county",
    "县(市、区)": "county",
    "所在地": "county",
    "县市区": "county",
    "园区": "park",
    "所在园区": "park",
    # dates: the qualifier tells the plan from the fact
    "签约时间": "signed_on",
    "签约日期": "signed_on",
    "计划开工时间": "start_due",
    "拟开工时间": "start_due",
    "预计开工日期": "start_due",
    "实际开工时间": "started_on",
    "开工时间": "started_on",
    "开工日期": "started_on",
    "计划竣工投产时间": "production_due",
    "预计投产时间": "production_due",
    "计划投产日期": "production_due",
    "实际投产时间": "producing_on",
    "投产日期": "producing_on",
    "手续办结时限": "procedures_due",
    "前期手续办结时限": "procedures_due",
    "复工日期": "resumed_on",
    "复工时间": "resumed_on",
    # money
    "签约额": "signed_amount_yuan",
    "协议投资额": "signed_amount_yuan",
    "合同金额": "signed_amount_yuan",
    "签约金额": "signed_amount_yuan",
    "总投资": "total_investment_yuan",
    "计划总投资": "total_investment_yuan",
    "总投资额": "total_investment_yuan",
    "到位资金": "funds_in_place_yuan",
    "累计到位资金": "funds_in_place_yuan",
    "实际到位资金": "funds_in_place_yuan",
    "年度计划投资": "annual_plan_yuan",
    "预计年产值": "expected_output_yuan",
    # people
    "包抓领导": "steward",
    "包抓市级领导": "steward",
    "市级包抓领导": "steward",
    "联系领导": "steward",
    "包抓责任领导": "steward",
    "县级领导": "county_leader",
    "县级包抓领导": "county_leader",
    "责任单位": "responsible_unit",
    "牵头单位": "responsible_unit",
    # yes/no columns standing in for a stage
    "是否开工": "is_started",
    "是否投产": "is_producing",
    # the project itself
    "项目名称": "name",
    "项目": "name",
    "项目代码": "code",
    "统一项目代码": "code",
    "项目编号": "code",
    "投资方": "investor",
    "企业名称": "investor",
    "投资方/企业名称": "investor",
    "投资方来源地": "investor_origin",
    "产业链": "chain",
    "建设内容": "build_content",
    "建设规模及内容": "build_content",
    "用地(亩)": "land_mu",
    "就业人数": "jobs",
    "项目类型": "kind",
    "建设性质": "kind",
    "招商方式": "won_by",
    "存在问题": "problem_text",
    "备注": "remark",
    "退出原因": "withdraw_reason",
    "序号": "skip",
    "No.": "skip",
    "编号": "skip",
    # English headers in their common forms
    "Project Name": "name",
    "Project Code": "code",
    "Investor": "investor",
    "County": "county",
    "District": "county",
    "Park": "park",
    "Industry Chain": "chain",
    "Stage": "stage",
    "Status": "stage",
    "Progress": "progress_note",
    "Signing Date": "signed_on",
    "Planned Start Date": "start_due",
    "Actual Start Date": "started_on",
    "Planned Production Date": "production_due",
    "Actual Production Date": "producing_on",
    "Contract Amount": "signed_amount_yuan",
    "Signed Amount": "signed_amount_yuan",
    "Total Investment": "total_investment_yuan",
    "Funds in Place": "funds_in_place_yuan",
    "Annual Plan": "annual_plan_yuan",
    "Expected Output": "expected_output_yuan",
    "Steward": "steward",
    "Leader in charge": "steward",
    "Responsible Unit": "responsible_unit",
    "Jobs": "jobs",
    "Land (mu)": "land_mu",
    "Remarks": "remark",
}


@pytest.mark.parametrize("header, field", HEADERS.items())
def test_every_header_form_offices_write(header: str, field: str) -> None:
    reading = read_header(header)
    assert reading == HeaderReading(field, None, header)
    assert field in FIELDS


@pytest.mark.parametrize(
    "header",
    ["资金到位率", "当月到位资金", "1-5月到位资金", "完成投资", "开工率", "签约项目数", "联系电话"],
)
def test_what_is_not_a_field_stays_unused(header: str) -> None:
    assert read_header(header).field is None


@pytest.mark.parametrize(
    "header, field",
    [
        ("*项目名称", "name"),
        ("项目名称*", "name"),
        ("＊签约日期", "signed_on"),
        ("计划开工时间（格式：2024-01-01）", "start_due"),
        ("签约日期(yyyy-mm-dd)", "signed_on"),
        ("签约日期\n格式：yyyy-mm-dd", "signed_on"),
        ("*所属县区（必填）", "county"),
        ("项目进展【下拉选择】", "stage"),
        ("计 划 开 工\n时 间", "start_due"),
    ],
)
def test_template_marks_and_hints_are_dropped(header: str, field: str) -> None:
    assert read_header(header).field == field


def test_normalise_header() -> None:
    assert normalise_header("  *计划开工时间\n（格式：2024-01-01） ") == "计划开工时间"
    assert normalise_header("Contract Amount (RMB 10,000)") == "contractamount(rmb10,000)"
    assert normalise_header("县（市、区）") == "县(市、区)"
    assert normalise_header(None) == ""


@pytest.mark.parametrize(
    "header, field, unit",
    [
        ("总投资（亿元）", "total_investment_yuan", Unit.YI),
        ("总投资\n（亿元）", "total_investment_yuan", Unit.YI),
        ("签约额(万元)", "signed_amount_yuan", Unit.WAN),
        ("签约额【万元】", "signed_amount_yuan", Unit.WAN),
        ("签约额万元", "signed_amount_yuan", Unit.WAN),
        ("签约额 单位：万元", "signed_amount_yuan", Unit.WAN),
        ("累计到位资金（元）", "funds_in_place_yuan", Unit.YUAN),
        ("预计年产值(万元/年)", "expected_output_yuan", Unit.WAN),
        ("Contract Amount (RMB 10,000)", "signed_amount_yuan", Unit.WAN),
        ("Total Investment (RMB 100 million)", "total_investment_yuan", Unit.YI),
        ("Funds in Place (10k yuan)", "funds_in_place_yuan", Unit.WAN),
        ("Signed Amount (yuan)", "signed_amount_yuan", Unit.YUAN),
        ("协议投资额", "signed_amount_yuan", None),
    ],
)
def test_units_wherever_they_stand(header: str, field: str, unit: Unit | None) -> None:
    assert read_header(header) == HeaderReading(field, unit, header.strip())


@pytest.mark.parametrize(
    "header, unread",
    [
        ("总投资（千元）", "千元"),
        ("总投资百万元", "百万元"),
        ("签约额(美元)", "美元"),
        ("Total Investment (USD million)", "usd"),
        ("用地（公顷）", "公顷"),
    ],
)
def test_a_unit_that_is_not_read_is_refused_never_taken_for_yuan(header: str, unread: str) -> None:
    with pytest.raises(UserError) as raised:
        read_header(header)
    assert header in str(raised.value) and unread in str(raised.value)


def test_an_offices_own_mapping_wins() -> None:
    custom = {
        normalise_header("联系人"): "steward",
        normalise_header("项目进展"): "progress_note",
        normalise_header("总投资(万元)"): "",
    }
    assert read_header("联系人", custom).field == "steward"
    assert read_header("项目 进展", custom).field == "progress_note"
    assert read_header("总投资（万元）", custom) == HeaderReading(None, Unit.WAN, "总投资（万元）")
    assert read_header("所属县区", custom).field == "county"


@pytest.mark.parametrize(
    "line, unit",
    [
        ("单位：万元", Unit.WAN),
        ("单位:亿元", Unit.YI),
        ("金额单位：万元", Unit.WAN),
        ("（单位：万元）", Unit.WAN),
        ("填报单位：酒泉市商务局          单位：万元", Unit.WAN),
        ("Unit: RMB 10,000", Unit.WAN),
        ("填报单位：酒泉市投资促进局", None),
        ("2024年酒泉市招商引资项目调度台账", None),
    ],
)
def test_a_unit_line_above_the_table(line: str, unit: Unit | None) -> None:
    assert unit_line(line) is unit
