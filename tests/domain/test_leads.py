"""The rules of leads before signing: stage words, legal moves, time limits in working days
across weekends and holidays, warning levels, and the funnel of a cohort."""

from datetime import date

import pytest

from store.domain.leads import (
    LeadDates,
    LeadKind,
    LeadLimits,
    LeadStage,
    add_working_days,
    back_stage,
    check_limit,
    countdown,
    funnel,
    next_stage,
    parse_lead_kind,
    parse_lead_stage,
    refuse_drop,
    refuse_move,
    refuse_move_date,
    refuse_registered_after,
    refuse_signing,
)
from store.labels import Lang, Refusal, said
from store.warnings import Thresholds, WarningLevel

LIMITS = LeadLimits()
LEVELS = Thresholds()


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("线索", LeadStage.LEAD),
        ("研判", LeadStage.ASSESSED),
        ("assessed", LeadStage.ASSESSED),
        ("在谈", LeadStage.NEGOTIATING),
        (" Negotiating ", LeadStage.NEGOTIATING),
        ("洽谈中", LeadStage.NEGOTIATING),
        ("签约", LeadStage.SIGNED),
        ("已放弃", LeadStage.DROPPED),
    ],
)
def test_stage_words_in_either_language(text: str, stage: LeadStage) -> None:
    assert parse_lead_stage(text) is stage


def test_an_unknown_stage_word_is_refused_in_both_languages() -> None:
    with pytest.raises(Refusal) as refused:
        parse_lead_stage("开工")
    assert "线索" in said(refused.value, Lang.ZH) and "研判" in said(refused.value, Lang.ZH)
    assert "negotiating" in said(refused.value, Lang.EN)


def test_reserve_words() -> None:
    assert parse_lead_kind("储备") is LeadKind.RESERVE
    assert parse_lead_kind("推介项目") is LeadKind.RESERVE
    assert parse_lead_kind("lead") is LeadKind.LEAD
    with pytest.raises(Refusal):
        parse_lead_kind("项目")


def test_moves_go_forward_one_stage_at_a_time() -> None:
    assert next_stage(LeadStage.LEAD) is LeadStage.ASSESSED
    assert next_stage(LeadStage.ASSESSED) is LeadStage.NEGOTIATING
    assert next_stage(LeadStage.NEGOTIATING) is LeadStage.SIGNED
    assert next_stage(LeadStage.SIGNED) is None
    assert next_stage(LeadStage.DROPPED) is None
    refuse_move("甲", LeadStage.LEAD, LeadStage.ASSESSED)
    refuse_move("甲", LeadStage.ASSESSED, LeadStage.NEGOTIATING)


@pytest.mark.parametrize(
    ("stage", "target", "says"),
    [
        (LeadStage.LEAD, LeadStage.NEGOTIATING, "one stage at a time"),
        (LeadStage.ASSESSED, LeadStage.LEAD, "one stage at a time"),
        (LeadStage.LEAD, LeadStage.LEAD, "already"),
        (LeadStage.NEGOTIATING, LeadStage.SIGNED, "lead sign"),
        (LeadStage.LEAD, LeadStage.DROPPED, "lead drop"),
        (LeadStage.SIGNED, LeadStage.ASSESSED, "moves no more"),
        (LeadStage.DROPPED, LeadStage.ASSESSED, "moves no more"),
    ],
)
def test_every_illegal_move_is_refused_with_its_reason(
    stage: LeadStage, target: LeadStage, says: str
) -> None:
    with pytest.raises(Refusal, match=says):
        refuse_move("甲", stage, target)


def test_only_a_lead_under_negotiation_is_signed() -> None:
    refuse_signing("甲", LeadStage.NEGOTIATING)
    for stage in (LeadStage.LEAD, LeadStage.ASSESSED, LeadStage.SIGNED, LeadStage.DROPPED):
        with pytest.raises(Refusal):
            refuse_signing("甲", stage)


def test_back_needs_a_reason_and_a_stage_behind() -> None:
    assert back_stage("甲", LeadStage.NEGOTIATING, "录错") is LeadStage.ASSESSED
    assert back_stage("甲", LeadStage.ASSESSED, "录错") is LeadStage.LEAD
    with pytest.raises(Refusal, match="needs a reason"):
        back_stage("甲", LeadStage.ASSESSED, "  ")
    with pytest.raises(Refusal, match="first stage"):
        back_stage("甲", LeadStage.LEAD, "录错")
    with pytest.raises(Refusal, match="moves no more"):
        back_stage("甲", LeadStage.SIGNED, "录错")


def test_drop_needs_a_reason_and_an_open_lead() -> None:
    refuse_drop("甲", LeadStage.ASSESSED, "企业转投他处")
    with pytest.raises(Refusal, match="needs a reason"):
        refuse_drop("甲", LeadStage.LEAD, "")
    with pytest.raises(Refusal, match="moves no more"):
        refuse_drop("甲", LeadStage.SIGNED, "企业转投他处")


def test_a_move_is_dated_between_entering_the_stage_and_today() -> None:
    refuse_move_date("甲", date(2024, 6, 3), date(2024, 6, 3), date(2024, 6, 30))
    with pytest.raises(Refusal, match="after today"):
        refuse_move_date("甲", date(2024, 7, 1), date(2024, 6, 3), date(2024, 6, 30))
    with pytest.raises(Refusal, match="before it entered"):
        refuse_move_date("甲", date(2024, 6, 2), date(2024, 6, 3), date(2024, 6, 30))


def test_registration_stays_before_every_move() -> None:
    refuse_registered_after("甲", date(2024, 6, 3), [date(2024, 6, 3), None])
    with pytest.raises(Refusal, match="after its move"):
        refuse_registered_after("甲", date(2024, 6, 4), [None, date(2024, 6, 3)])


def test_limits_are_whole_days_one_or_more() -> None:
    assert check_limit("lead.report_days", "7") == 7
    with pytest.raises(Refusal):
        check_limit("lead.report_days", "0")
    with pytest.raises(Refusal):
        check_limit("lead.report_days", "two")
    assert LeadLimits.from_settings({"lead.assess_working_days": "5"}) == LeadLimits(1, 5, 14)


def test_working_days_skip_weekends() -> None:
    friday = date(2024, 6, 21)
    assert add_working_days(friday, 1) == date(2024, 6, 24)  # Monday
    assert add_working_days(friday, 3) == date(2024, 6, 26)


def test_working_days_follow_the_holiday_calendar_with_its_moved_weekends() -> None:
    # National Day 2024: 1-7 October off; Sunday 29 September and Saturday 12 October worked.
    assert add_working_days(date(2024, 9, 27), 1) == date(2024, 9, 29)  # a Sunday, worked
    assert add_working_days(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert add_working_days(date(2024, 10, 10), 2) == date(2024, 10, 12)  # a Saturday, worked


def test_an_unanswered_lead_turns_blue_then_yellow_then_red_in_working_days() -> None:
    registered = date(2024, 9, 30)  # the day before National Day: due on 8 October

    def level(today: date) -> WarningLevel | None:
        clock = countdown(LeadStage.LEAD, registered, None, today, LIMITS, LEVELS)
        assert clock.due_on == date(2024, 10, 8) and clock.working
        return clock.warning

    assert level(date(2024, 9, 30)) is WarningLevel.BLUE  # one working day left
    assert level(date(2024, 10, 5)) is WarningLevel.BLUE  # the holiday counts no day
    assert level(date(2024, 10, 8)) is WarningLevel.BLUE  # due today
    assert level(date(2024, 10, 9)) is WarningLevel.YELLOW
    assert level(date(2024, 11, 20)) is WarningLevel.RED  # more than 30 working days late


def test_assessing_counts_three_working_days_over_a_weekend() -> None:
    entered = date(2024, 6, 20)  # a Thursday: due the Tuesday after
    clock = countdown(LeadStage.ASSESSED, entered, None, date(2024, 6, 20), LIMITS, LEVELS)
    assert clock.due_on == date(2024, 6, 25)
    assert clock.days_left == 3 and clock.warning is None
    monday = countdown(LeadStage.ASSESSED, entered, None, date(2024, 6, 24), LIMITS, LEVELS)
    assert monday.days_left == 1 and monday.warning is WarningLevel.BLUE


def test_negotiation_counts_calendar_days_from_the_last_report() -> None:
    entered, reported = date(2024, 6, 1), date(2024, 6, 10)
    clock = countdown(LeadStage.NEGOTIATING, entered, reported, date(2024, 6, 20), LIMITS, LEVELS)
    assert clock.due_on == date(2024, 6, 24) and not clock.working
    assert clock.days_left == 4 and clock.warning is None
    late = countdown(LeadStage.NEGOTIATING, entered, None, date(2024, 6, 16), LIMITS, LEVELS)
    assert late.due_on == date(2024, 6, 15) and late.warning is WarningLevel.YELLOW


def test_the_office_red_threshold_holds_for_leads() -> None:
    strict = Thresholds(blue_within_days=15, red_after_days=2)
    clock = countdown(
        LeadStage.NEGOTIATING, date(2024, 6, 1), None, date(2024, 6, 18), LIMITS, strict
    )
    assert clock.days_left == -3 and clock.warning is WarningLevel.RED


def test_signed_and_dropped_leads_count_nothing_down() -> None:
    for stage in (LeadStage.SIGNED, LeadStage.DROPPED):
        clock = countdown(stage, date(2024, 6, 1), None, date(2024, 6, 30), LIMITS, LEVELS)
        assert clock.due_on is None and clock.warning is None


def lead(registered: str, *reached: str | None, dropped: str | None = None) -> LeadDates:
    days = [date.fromisoformat(day) if day else None for day in reached]
    days += [None] * (3 - len(days))
    return LeadDates(
        date.fromisoformat(registered),
        days[0],
        days[1],
        days[2],
        date.fromisoformat(dropped) if dropped else None,
        100,
    )


def test_the_funnel_of_a_hand_built_cohort() -> None:
    cohort = [
        lead("2024-01-05", "2024-01-06", "2024-02-01", "2024-03-01"),  # signed
        lead("2024-01-10", "2024-01-11", "2024-02-01", "2024-07-01"),  # signed after as-of
        lead("2024-02-10", "2024-02-11", "2024-03-01"),  # negotiating
        lead("2024-02-11", "2024-02-12", dropped="2024-03-01"),  # dropped after assessing
        lead("2024-03-01", dropped="2024-03-02"),  # dropped unanswered
    ]
    result = funnel("", cohort, date(2024, 6, 30))
    counts = [(step.stage, step.count, step.drop_off, step.before) for step in result.steps]
    assert counts == [
        (LeadStage.LEAD, 5, 0, 5),
        (LeadStage.ASSESSED, 4, 1, 5),
        (LeadStage.NEGOTIATING, 3, 1, 4),
        (LeadStage.SIGNED, 1, 2, 3),
    ]
    assert result.dropped == 2 and result.conversion == (1, 5)
    assert result.steps[3].amount_yuan == 100
    later = funnel("", cohort, date(2024, 7, 31))
    assert later.conversion == (2, 5)


def test_an_empty_cohort_has_nothing_to_divide() -> None:
    result = funnel("节会", [], date(2024, 6, 30))
    assert result.conversion == (0, 0)
    assert all(step.count == 0 for step in result.steps)
