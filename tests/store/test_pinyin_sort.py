"""Lists in Chinese mode ordered by pinyin in the database: pages join up in that order on
both backends, every write keeps the keys, and an upgraded database gets them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import text

from store.db.engine import make_engine, upgrade
from store.domain.pinyin import sort_key
from store.io.importer import import_file
from store.service import ProjectFilter, Store
from tests.sheets import HEADER, write_gbk_csv

# (name, county, chain, steward) in pinyin order of name. By code point 中 < 安 < 张 < 敦 <
# 昂 < 肃 < 阿: nearly the reverse. 安志 (an zhi) comes before 昂达 (ang da) as in a
# dictionary, syllable by syllable, though "anzhi" > "angda" run together.
PROJECTS = [
    ("阿克塞风电项目", "阿克塞县", "新能源", "赵刚"),
    ("安志光伏项目", "肃州区", "化工", "陈明"),
    ("昂达储能项目", "敦煌市", "装备制造", "王建国"),
    ("敦煌光热项目", "敦煌市", "新能源", "赵刚"),
    ("肃州储能项目", "阿克塞县", "化工", "陈明"),
    ("张掖风电项目", "肃州区", "装备制造", "王建国"),
    ("中核光伏项目", "阿克塞县", "新能源", "陈明"),
]
NAMES = [name for name, _, _, _ in PROJECTS]


def add_all(store: Store) -> None:
    # stored in code point order, so the insertion order is not the order expected
    for name, county, chain, steward in sorted(PROJECTS):
        store.add_project({"name": name, "county": county, "chain": chain})
        store.assign(name, steward, create=True)


def paged(store: Store, sort: str, *, descending: bool = False, **filters: object) -> list[str]:
    """Every page of three, joined: the names in the order the pages gave them."""
    names: list[str] = []
    for offset in range(0, 9, 3):
        _, rows = store.page_projects(
            ProjectFilter(**filters),  # type: ignore[arg-type]
            sort=sort,
            descending=descending,
            offset=offset,
            limit=3,
            pinyin=True,
        )
        names += [row.name for row in rows]
    return names


def test_the_ledger_pages_by_name_in_pinyin_order(store: Store) -> None:
    add_all(store)
    assert paged(store, "name") == NAMES
    assert paged(store, "name", descending=True) == NAMES[::-1]
    # a search: one character (the index walk), two (trigram terms), three or more
    assert paged(store, "name", search="z") == [
        "安志光伏项目",
        "肃州储能项目",
        "张掖风电项目",
        "中核光伏项目",
    ]
    assert paged(store, "name", search="储能") == ["昂达储能项目", "肃州储能项目"]
    assert paged(store, "name", search="guangfu") == ["安志光伏项目", "中核光伏项目"]
    # English mode: by the text itself
    assert [row.name for row in store.list_projects(sort="name")] == sorted(NAMES)


def test_counties_chains_and_stewards_sort_by_pinyin_then_by_name(store: Store) -> None:
    add_all(store)
    by_county = paged(store, "county")
    counties = [next(p[1] for p in PROJECTS if p[0] == name) for name in by_county]
    assert counties == ["阿克塞县"] * 3 + ["敦煌市"] * 2 + ["肃州区"] * 2
    by_steward = paged(store, "steward")
    stewards = [next(p[3] for p in PROJECTS if p[0] == name) for name in by_steward]
    assert stewards == ["陈明"] * 3 + ["王建国"] * 2 + ["赵刚"] * 2
    by_chain = paged(store, "chain", descending=True)
    assert by_chain[:2] == [
        "张掖风电项目",
        "昂达储能项目",
    ]  # 装备制造 (zhuang) first, 张 < 昂 reversed
    assert store.distinct_values("county") == ["阿克塞县", "敦煌市", "肃州区"]
    assert store.distinct_values("county", pinyin=False) == sorted({p[1] for p in PROJECTS})
    assert store.steward_names() == ["陈明", "王建国", "赵刚"]
    assert [s.name for s in store.stewards()] == ["陈明", "王建国", "赵刚"]
    assert [s.name for s in store.stewards(pinyin=False)] == sorted(["陈明", "王建国", "赵刚"])


def test_every_write_keeps_the_keys(store: Store, tmp_path: Path) -> None:
    add_all(store)
    store.update_project("中核光伏项目", {"name": "艾能光伏项目", "county": "敦煌市"})
    store.rename_steward("赵刚", "艾刚")  # ai: before chen
    assert paged(store, "name")[:2] == ["阿克塞风电项目", "艾能光伏项目"]
    assert store.steward_names() == ["艾刚", "陈明", "王建国"]
    assert set(paged(store, "steward")[:2]) == {"阿克塞风电项目", "敦煌光热项目"}
    # an import's rows go in past the session: they carry their keys too
    row = ["4", "白银光伏项目", "", "", "白银区", "新能源", "1", "10000", "签约", "2024-04-02"]
    row += ["", "", "", "", ""]
    assert len(row) == len(HEADER)
    assert import_file(store, write_gbk_csv(tmp_path / "台账.csv", [row])).added == 1
    assert paged(store, "name")[:5] == [
        "阿克塞风电项目",
        "艾能光伏项目",
        "安志光伏项目",
        "昂达储能项目",
        "白银光伏项目",  # bai: after ang, before dun
    ]
    assert store.distinct_values("county")[:2] == ["阿克塞县", "白银区"]


def test_sort_key_reads_syllable_by_syllable_and_keeps_other_words_whole() -> None:
    assert sort_key("安志") < sort_key("昂达")
    assert sort_key("张 三") == sort_key("张三") == "zhang san"
    assert sort_key("ABC科技2号") == "abc ke ji 2 hao"
    assert sorted(["赵刚", "Anna", "陈明", "陈敏", "bob"], key=sort_key) == [
        "Anna",
        "bob",
        "陈敏",  # chen min
        "陈明",  # chen ming
        "赵刚",
    ]


def test_an_upgrade_gives_existing_rows_their_keys(db: str) -> None:
    engine = make_engine(db)
    upgrade(engine, "0008")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO steward (name, title, unit, level, phone, version)"
                " VALUES ('赵刚', '', '', '', '', 1), ('陈明', '', '', '', '', 1)"
            )
        )
        for name, county, chain, _ in PROJECTS:
            connection.execute(
                text(
                    "INSERT INTO project (name, investor, investor_origin, county, park, chain,"
                    " kind, build_content, total_investment_yuan, signed_amount_yuan,"
                    " annual_plan_yuan, funds_in_place_yuan, won_by, responsible_unit,"
                    " progress_note, stage, signed_on, county_leader, search_text,"
                    " procedures_required, procedures_done, version, month_dates,"
                    " other_stewards) VALUES (:name, '', '', :county, '', :chain, 'new', '',"
                    " 0, 0, 0, 0, '', '', '', 'signed', '2024-01-05', '', :search, 0, 0, 1, '', '')"
                ),
                {"name": name, "search": name, "county": county, "chain": chain},
            )
    engine.dispose()
    store = Store.open(db, today=date(2024, 6, 30))
    assert paged(store, "name") == NAMES
    assert store.distinct_values("chain") == ["化工", "新能源", "装备制造"]
    assert store.steward_names() == ["陈明", "赵刚"]
    store.close()
