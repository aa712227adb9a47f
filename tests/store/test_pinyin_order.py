"""Chinese names in the order an officer knows them: by pinyin, not by code point."""

from __future__ import annotations

from store.service import Store


def test_counties_chains_and_stewards_come_in_pinyin_order(store: Store) -> None:
    # by code point 敦 (U+6566) < 肃 (U+8083) < 阿 (U+963F), and 赵 < 陈: pinyin reverses both
    for name, county, chain, steward in (
        ("敦煌光热项目", "敦煌市", "新能源", "赵刚"),
        ("肃州储能项目", "肃州区", "装备制造", "王建国"),
        ("阿克塞风电项目", "阿克塞县", "化工", "陈明"),
    ):
        store.add_project(
            {"name": name, "county": county, "chain": chain}, steward=steward, create_steward=True
        )
    assert store.distinct_values("county") == ["阿克塞县", "敦煌市", "肃州区"]
    assert store.distinct_values("chain") == ["化工", "新能源", "装备制造"]
    assert store.steward_names() == ["陈明", "王建国", "赵刚"]
