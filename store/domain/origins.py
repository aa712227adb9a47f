"""Where an investor comes from, placed against the office's own province and city: 到位资金
that counts is from outside (省外, or 市外省内), so funds are split by the investor's origin.

An origin is read as offices write it (浙江, 浙江省杭州市, 兰州, 甘肃兰州, 香港, 境外): a
province or a prefecture-level city (地级行政区) at its start. What names neither, or a city
that could be in two provinces, or a province without the city when the office's own province
is named, is not placed: the figures say "origin unknown" and count it, never guess.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Origin(StrEnum):
    LOCAL = "local"  # 本市
    OUTSIDE_CITY = "outside_city"  # 市外省内
    OUTSIDE_PROVINCE = "outside_province"  # 省外
    UNKNOWN = "unknown"  # 来源地不明


def _listed(names: str) -> tuple[str, ...]:
    """Names written apart by spaces, as a tuple."""
    return tuple(names.split())


# Each provincial-level division and its prefecture-level ones, short names (GB/T 2260).
CITIES: dict[str, tuple[str, ...]] = {
    "北京": ("北京",),
    "天津": ("天津",),
    "上海": ("上海",),
    "重庆": ("重庆",),
    "河北": _listed("石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水"),
    "山西": _listed("太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁"),
    "内蒙古": _listed(
        "呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安 锡林郭勒 阿拉善"
    ),
    "辽宁": _listed("沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛"),
    "吉林": _listed("长春 吉林 四平 辽源 通化 白山 松原 白城 延边"),
    "黑龙江": _listed(
        "哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭"
    ),
    "江苏": _listed("南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁"),
    "浙江": _listed("杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水"),
    "安徽": _listed(
        "合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城"
    ),
    "福建": _listed("福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德"),
    "江西": _listed("南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶"),
    "山东": _listed(
        "济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽"
    ),
    "河南": _listed(
        "郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 "
        "驻马店 济源"
    ),
    "湖北": _listed(
        "武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门 神农架"
    ),
    "湖南": _listed("长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西"),
    "广东": _listed(
        "广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞 "
        "中山 潮州 揭阳 云浮"
    ),
    "广西": _listed("南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左"),
    "海南": _listed("海口 三亚 三沙 儋州"),
    "四川": _listed(
        "成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 "
        "巴中 资阳 阿坝 甘孜 凉山"
    ),
    "贵州": _listed("贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南"),
    "云南": _listed(
        "昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆"
    ),
    "西藏": _listed("拉萨 日喀则 昌都 林芝 山南 那曲 阿里"),
    "陕西": _listed("西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛"),
    "甘肃": _listed("兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南"),
    "青海": _listed("西宁 海东 海北 黄南 海南 果洛 玉树 海西"),
    "宁夏": _listed("银川 石嘴山 吴忠 固原 中卫"),
    "新疆": _listed(
        "乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 "
        "塔城 阿勒泰 石河子"
    ),
    "台湾": ("台湾",),
    "香港": ("香港",),
    "澳门": ("澳门",),
}
# Origins outside the country: outside every province. A country not listed stays unknown.
ABROAD: tuple[str, ...] = _listed(
    "境外 国外 海外 外国 美国 日本 韩国 新加坡 德国 英国 法国 意大利 加拿大 澳大利亚 荷兰 瑞士 "
    "瑞典 丹麦 挪威 以色列 俄罗斯 马来西亚 泰国 印度尼西亚 沙特 阿联酋"
)
_SUFFIXES = (
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "特别行政区",
    "自治区",
    "省",
    "市",
)
_PROVINCES = sorted(CITIES, key=len, reverse=True)  # 内蒙古 and 黑龙江 before the rest
_PROVINCES_OF_CITY: dict[str, tuple[str, ...]] = {}
for _province, _cities in CITIES.items():
    for _city in _cities:
        _PROVINCES_OF_CITY[_city] = (*_PROVINCES_OF_CITY.get(_city, ()), _province)
_CITIES_LONGEST_FIRST = sorted(_PROVINCES_OF_CITY, key=len, reverse=True)


@dataclass(frozen=True)
class Place:
    """A place as read: its province, and its prefecture-level city when named (None: not
    named, or not one place)."""

    province: str | None
    city: str | None


def _plain(text: str) -> str:
    plain = "".join(unicodedata.normalize("NFKC", text).split())
    return plain.removeprefix("中国")


def _without_suffix(text: str) -> str:
    for suffix in _SUFFIXES:
        if text.startswith(suffix):
            return text[len(suffix) :]
    return text


def read_place(text: str) -> Place:
    """The province and city a place's text names at its start (浙江省杭州市, 兰州, 甘肃)."""
    plain = _plain(text)
    province = next((p for p in _PROVINCES if plain.startswith(p)), None)
    rest = _without_suffix(plain[len(province) :]) if province else plain
    cities = CITIES[province] if province else _CITIES_LONGEST_FIRST
    city = next((c for c in sorted(cities, key=len, reverse=True) if rest.startswith(c)), None)
    if province and len(CITIES[province]) == 1:
        city = province  # 北京, 上海, 香港: the province is the city
    if province is None and city is not None:
        provinces = _PROVINCES_OF_CITY[city]
        if len(provinces) > 1:  # 吉林, 海南: two places of one name
            return Place(None, None)
        province = provinces[0]
    return Place(province, city)


def place_origin(origin: str, office_province: str, office_city: str) -> Origin:
    """The investor's origin against the office's province and city (settings office.province,
    office.city). Unknown when the origin names no province or city read here, or names the
    office's province but not the city, or when the office's own place is not set."""
    office = read_place(office_province)
    if office.province is None:
        return Origin.UNKNOWN
    here = read_place(office_city).city if office_city else None
    plain = _plain(origin)
    place = read_place(plain)
    if place.province is None:
        abroad = plain and any(plain.startswith(word) for word in ABROAD)
        return Origin.OUTSIDE_PROVINCE if abroad else Origin.UNKNOWN
    if place.province != office.province:
        return Origin.OUTSIDE_PROVINCE
    if place.city is None or here is None:
        return Origin.UNKNOWN
    return Origin.LOCAL if place.city == here else Origin.OUTSIDE_CITY
