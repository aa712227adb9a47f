from datetime import date

import pytest

from store import stages
from store.db.models import Project
from store.errors import UserError
from store.stages import Stage, parse_stage

TODAY = date(2024, 6, 30)


def project(**values: object) -> Project:
    base: dict[str, object] = {
        "name": "甘肃巨化高性能硅氟新材料项目",
        "signed_on": date(2024, 1, 10),
    }
    return Project(**(base | values))


def test_advance_walks_every_stage_once_each() -> None:
    p = project()
    for stage, on in [
        (Stage.PROCEDURES, date(2024, 2, 1)),
        (Stage.STARTED, date(2024, 3, 1)),
        (Stage.PRODUCING, date(2024, 6, 1)),
    ]:
        changes = stages.advance(p, on, TODAY)
        assert p.stage == stage
        assert getattr(p, stage.date_field) == on
        assert {c.field for c in changes} == {"stage", stage.date_field}
    with pytest.raises(UserError, match="already producing"):
        stages.advance(p, TODAY, TODAY)


def test_advance_refuses_dates_out_of_order_and_changes_nothing() -> None:
    p = project()
    with pytest.raises(UserError, match="out of order"):
        stages.advance(p, date(2023, 12, 31), TODAY)
    assert p.stage == "signed" and p.procedures_on is None


def test_advance_refuses_a_future_date() -> None:
    with pytest.raises(UserError, match="future"):
        stages.advance(project(), date(2024, 7, 1), TODAY)


def test_back_needs_a_reason_and_forgets_the_stage_date() -> None:
    p = project()
    stages.advance(p, date(2024, 2, 1), TODAY)
    with pytest.raises(UserError, match="reason"):
        stages.back(p, "  ")
    changes = stages.back(p, "录入错误")
    assert p.stage == "signed" and p.procedures_on is None
    assert stages.Change("stage", "procedures", "signed") in changes
    with pytest.raises(UserError, match="first stage"):
        stages.back(p, "again")


def test_withdraw_needs_a_reason_and_stops_all_moves() -> None:
    p = project()
    with pytest.raises(UserError, match="reason"):
        stages.withdraw(p, TODAY, "", TODAY)
    stages.withdraw(p, date(2024, 5, 1), "企业投资计划调整", TODAY)
    assert p.withdrawn_on == date(2024, 5, 1)
    for move in (
        lambda: stages.advance(p, TODAY, TODAY),
        lambda: stages.back(p, "x"),
        lambda: stages.withdraw(p, TODAY, "again", TODAY),
    ):
        with pytest.raises(UserError, match="withdrawn"):
            move()


def test_withdraw_before_signing_is_refused() -> None:
    with pytest.raises(UserError, match="out of order"):
        stages.withdraw(project(), date(2023, 1, 1), "x", TODAY)


@pytest.mark.parametrize(
    "values, message",
    [
        ({"procedures_due": date(2023, 12, 1)}, "procedures_due"),
        ({"start_due": date(2024, 9, 1), "production_due": date(2024, 8, 1)}, "production_due"),
        ({"started_on": date(2024, 3, 1), "producing_on": date(2024, 2, 1)}, "producing_on"),
    ],
)
def test_check_dates_refuses_out_of_order(values: dict[str, date], message: str) -> None:
    with pytest.raises(UserError, match=message):
        stages.check_dates(project(**values))


def test_stage_names_in_both_languages() -> None:
    assert parse_stage("签约") is Stage.SIGNED
    assert parse_stage("手续") is Stage.PROCEDURES
    assert parse_stage("Started") is Stage.STARTED
    assert parse_stage("投产") is Stage.PRODUCING
    with pytest.raises(UserError, match="unknown stage"):
        parse_stage("建设中吧")


def test_code_is_checked_softly() -> None:
    from store.codes import code_warning

    assert code_warning("2401-620902-04-01-123456") is None
    assert code_warning(None) is None
    assert "national shape" in (code_warning("JQ-2019-007") or ("", ""))[1]


def test_a_date_known_only_to_the_month_is_compared_by_its_month() -> None:
    # started some day of January 2024 (kept as the 1st): not before the signing on the 10th
    stages.check_dates(project(started_on=date(2024, 1, 1), month_dates="started_on"))
    with pytest.raises(UserError, match="started_on 2023-12 is before signed_on 2024-01-10"):
        stages.check_dates(project(started_on=date(2023, 12, 1), month_dates="started_on"))
    with pytest.raises(UserError, match="started_on 2024-01-01 is before signed_on"):
        stages.check_dates(project(started_on=date(2024, 1, 1)))  # known to the day
    with pytest.raises(UserError, match="实际开工时间 2023-12 is before 签约日期 2024-01-10"):
        stages.check_date_values(
            {"signed_on": date(2024, 1, 10), "started_on": date(2023, 12, 1)},
            {"started_on"},
            {"signed_on": "签约日期", "started_on": "实际开工时间"},
        )
