"""Place names for the dispatcher's map: a hub's city from its UN/LOCODE prefix, in two languages.

Hub ids start with the five-letter UN/LOCODE of their city (``CNTAO-SEA``); the map draws one
dot per city and names it here. A city missing from the table is shown by its code.
"""

from __future__ import annotations

CITIES: dict[str, tuple[str, str]] = {
    "CNTAO": ("Qingdao", "青岛"),
    "CNCGO": ("Zhengzhou", "郑州"),
    "CNTNA": ("Jinan", "济南"),
    "CNYNJ": ("Yanji", "延吉"),
    "CNHUN": ("Hunchun", "珲春"),
    "CNYJG": ("Yangjiang", "阳江"),
    "RUZAR": ("Zarubino", "扎鲁比诺"),
    "KRPUS": ("Busan", "釜山"),
    "KRICN": ("Incheon", "仁川"),
    "JPOSA": ("Osaka", "大阪"),
    "JPKIX": ("Kansai", "关西"),
    "JPTYO": ("Tokyo", "东京"),
    "JPNRT": ("Narita", "成田"),
    "SGSIN": ("Singapore", "新加坡"),
    "NLRTM": ("Rotterdam", "鹿特丹"),
    "USLAX": ("Los Angeles", "洛杉矶"),
    "KZKHG": ("Khorgos", "霍尔果斯"),
    "KZALA": ("Almaty", "阿拉木图"),
    "KGFRU": ("Bishkek", "比什凯克"),
    "RUMOW": ("Moscow", "莫斯科"),
    "RULED": ("St Petersburg", "圣彼得堡"),
    "PLMAL": ("Małaszewicze", "马拉舍维奇"),
    "DEDUI": ("Duisburg", "杜伊斯堡"),
    "DEHAM": ("Hamburg", "汉堡"),
    "VNHAN": ("Hanoi", "河内"),
    "DEFRA": ("Frankfurt", "法兰克福"),
    "BELGG": ("Liège", "列日"),
    "LULUX": ("Luxembourg", "卢森堡"),
}


def city_code(hub_id: str) -> str:
    """The city a hub belongs to: its id's UN/LOCODE prefix, or the whole id."""
    head = hub_id.split("-", 1)[0]
    return head if len(head) == 5 else hub_id


def city_name(code: str, locale: str) -> str:
    names = CITIES.get(code)
    if names is None:
        return code
    return names[1] if locale.startswith("zh") else names[0]
