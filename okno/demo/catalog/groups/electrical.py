"""Электрика: cable and wire, protective devices, wiring accessories, lighting, cable routing."""

from okno.demo.catalog.leaf import Leaf, Top, axis

CABLE_BRANDS = ("Севкабель", "Камкабель", "Кольчугино", "Конкорд")
LIGHT_BRANDS = ("Navigator", "Gauss", "IEK", "Rexant")
ACCESSORY_BRANDS = ("IEK", "EKF", "DKC", "Rexant")
CABLE_PACKS = (("км", 1000),)
COIL_PACKS = (("упак", 100), ("км", 1000))

CORES = axis("c k", (1, 1.0), (2, 1.9), (3, 2.7), (4, 3.5), (5, 4.3))
# Section as written in the name and the article, price factor.
SECTIONS = axis(
    "s k",
    ("1,5", 1.0),
    ("2,5", 1.6),
    ("4", 2.5),
    ("6", 3.6),
    ("10", 5.8),
    ("16", 9.0),
    ("25", 14.0),
    ("35", 19.0),
    ("50", 27.0),
    ("70", 37.0),
    ("95", 50.0),
    ("120", 63.0),
    ("150", 78.0),
    ("185", 96.0),
    ("240", 125.0),
)
SMALL_SECTIONS = axis("s k", ("0,5", 0.45), ("0,75", 0.6), ("1", 0.75), *SECTIONS[:4])
VOLTAGES = axis("kv suffix k", ("0,66", "", 1.0), ("1", "-1", 1.08))
CABLE_PROPS = (
    ("Количество жил", "{c}"),
    ("Сечение", "{s} мм²"),
    ("Напряжение", "{kv} кВ"),
    ("Материал", "{mat}"),
)
WIRE_COLORS = axis(
    "col color k",
    ("W", "белый", 1.0),
    ("BK", "чёрный", 1.0),
    ("R", "красный", 1.0),
    ("BU", "синий", 1.0),
    ("GY", "серый", 1.0),
    ("BN", "коричневый", 1.0),
    ("YG", "жёлто-зелёный", 1.05),
)


def _power_cable(name: str, marks: tuple, price: float, weight: int, mat: str = "Медь") -> Leaf:
    return Leaf(
        name=name,
        article="{mark} {c}x{s}{suffix}",
        title="Кабель {mark} {c}×{s} мм², {kv} кВ",
        axes=(axis("mark mat k", *((m, mat, k) for m, k in marks)), CORES, SECTIONS, VOLTAGES),
        price=price,
        brands=CABLE_BRANDS,
        unit="м",
        packs=CABLE_PACKS,
        props=CABLE_PROPS,
        weight=weight,
        minimum=10,
    )


def _flexible(
    name: str, marks: tuple, price: float, sections=SMALL_SECTIONS, noun: str = "Провод"
) -> Leaf:
    return Leaf(
        name=name,
        article="{mark} {c}x{s}-{col}",
        title=noun + " {mark} {c}×{s} мм², {color}",
        axes=(
            axis("mark mat kv k", *((m, "Медь", "0,38", k) for m, k in marks)),
            CORES[1:],
            sections,
            WIRE_COLORS[:2],
        ),
        price=price,
        brands=CABLE_BRANDS,
        unit="м",
        packs=COIL_PACKS,
        props=(*CABLE_PROPS, ("Цвет", "{color}")),
        weight=2,
    )


CABLE = (
    "Кабель",
    (
        _power_cable(
            "ВВГнг",
            (
                ("ВВГнг(А)", 0.92),
                ("ВВГнг(А)-LS", 1.0),
                ("ВВГнг(А)-FRLS", 1.35),
                ("ВВГнг(А)-LSLTx", 1.3),
            ),
            30.0,
            weight=4,
        ),
        _power_cable("ВВГ", (("ВВГ", 0.85), ("ВВГ-П", 0.83), ("ВВГ-Пнг(А)", 0.9)), 30.0, 2),
        _power_cable(
            "АВВГ", (("АВВГ", 1.0), ("АВВГнг(А)", 1.1), ("АВВГнг(А)-LS", 1.2)), 9.0, 2, "Алюминий"
        ),
        _power_cable("NYM", (("NYM", 1.0), ("NYM-J", 1.05), ("NYM-O", 1.05)), 34.0, 2),
        _flexible("ПВС", (("ПВС", 1.0), ("ПВСнг(А)-LS", 1.3)), 28.0),
        _flexible("ШВВП", (("ШВВП", 1.0), ("ШВВПнг(А)", 1.2)), 18.0, sections=SMALL_SECTIONS[:3]),
        _flexible(
            "КГ",
            (("КГ", 1.0), ("КГтп", 1.1), ("КГ-ХЛ", 1.4)),
            45.0,
            sections=SECTIONS[:8],
            noun="Кабель",
        ),
        Leaf(
            name="ПуГВ (ПВ-3)",
            article="ПуГВ 1x{s}-{col}",
            title="Провод ПуГВ (ПВ-3) 1×{s} мм², {color}",
            axes=(SMALL_SECTIONS[1:] + SECTIONS[4:10], WIRE_COLORS),
            price=14.0,
            brands=CABLE_BRANDS,
            unit="м",
            packs=COIL_PACKS,
            props=(("Сечение", "{s} мм²"), ("Цвет", "{color}"), ("Напряжение", "0,45 кВ")),
            weight=2,
        ),
        Leaf(
            name="Витая пара",
            article="{cat}-{cores}-{use}",
            title="Кабель витая пара {cat} {cores}, {where}",
            axes=(
                axis("cat k", ("U/UTP cat5e", 1.0), ("F/UTP cat5e", 1.2), ("U/UTP cat6", 1.5)),
                axis("cores k", ("2x2x0,52", 0.6), ("4x2x0,52", 1.0), ("4x2x0,57", 1.15)),
                axis(
                    "use where k",
                    ("PVC", "для внутренней прокладки, PVC", 1.0),
                    ("LSZH", "нг(А)-LSZH", 1.2),
                    ("PE", "для внешней прокладки, PE", 1.3),
                ),
            ),
            price=22.0,
            brands=("Rexant", "DKC", "IEK", "Конкорд"),
            unit="м",
            packs=(("кор", 305),),
            props=(("Тип", "{cat}"),),
        ),
    ),
)

# A line of one maker: brand, series, article code, breaking capacity, price factor.
BREAKERS = axis(
    "brand series code ka k",
    ("IEK", "ВА47-29", "MVA20", "4,5", 1.0),
    ("IEK", "ВА47-63", "MVA21", "6", 1.2),
    ("EKF", "ВА 47-63", "mcb4763", "4,5", 0.95),
    ("EKF", "AVERES", "mcb6-av", "6", 1.3),
    ("Schneider Electric", "Easy9", "EZ9F", "4,5", 2.2),
    ("Schneider Electric", "Acti9 iC60N", "A9F", "6", 4.5),
    ("ABB", "S200", "S20", "6", 3.8),
    ("DKC", "YON MD63", "MD63", "6", 1.6),
    ("TDM Electric", "ВА47-29", "SQ0206", "4,5", 0.85),
)
AMPS = axis(
    "a k",
    *((a, 1.0) for a in (1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32)),
    (40, 1.2),
    (50, 1.35),
    (63, 1.5),
)
POLES = axis("p k", (1, 1.0), (2, 2.2), (3, 3.3), (4, 4.5))
RCD_LINES = axis(
    "brand series code k",
    ("IEK", "ВД1-63", "MDV10", 1.0),
    ("EKF", "ВД-100", "elcb-2", 0.95),
    ("Schneider Electric", "Easy9", "EZ9R", 2.0),
    ("ABB", "F200", "F20", 3.2),
    ("DKC", "YON MDR63", "MDR63", 1.5),
)

AUTOMATION = (
    "Автоматика",
    (
        Leaf(
            name="Автоматические выключатели",
            article="{code}-{p}-{curve}{a}",
            title="Выключатель автоматический {brand} {series} {p}P {curve}{a} А {ka} кА",
            axes=(BREAKERS, POLES, axis("curve k", ("B", 1.0), ("C", 1.0), ("D", 1.35)), AMPS),
            price=260.0,
            packs=(("упак", 12), ("кор", 120)),
            props=(
                ("Номинальный ток", "{a} А"),
                ("Количество полюсов", "{p}"),
                ("Напряжение", "230/400 В"),
            ),
            weight=4,
        ),
        Leaf(
            name="УЗО и дифавтоматы",
            article="{code}-{kind}{p}-{a}-{leak}-{t}",
            title="{kindname} {brand} {series} {p}P {a} А {leak} мА тип {t}",
            axes=(
                RCD_LINES,
                axis(
                    "kind kindname k",
                    ("R", "Выключатель дифференциального тока (УЗО)", 1.0),
                    ("D", "Дифференциальный автомат", 1.4),
                ),
                axis("p k", (2, 1.0), (4, 1.8)),
                axis("a k", (16, 1.0), (25, 1.0), (32, 1.1), (40, 1.2), (63, 1.5)),
                axis("leak k", (10, 1.2), (30, 1.0), (100, 1.0), (300, 1.1)),
                axis("t k", ("AC", 1.0), ("A", 1.4)),
            ),
            price=1450.0,
            packs=(("упак", 6), ("кор", 60)),
            props=(("Номинальный ток", "{a} А"), ("Количество полюсов", "{p}")),
            weight=2,
        ),
        Leaf(
            name="Щиты и боксы",
            article="{bc}-{kc}-{m}-IP{ip}",
            title="Щит распределительный {kind} на {m} модулей IP{ip}",
            axes=(
                axis(
                    "kc kind mat k",
                    ("SRN-P", "ЩРН-П навесной пластиковый", "Пластик", 1.0),
                    ("SRV-P", "ЩРВ-П встраиваемый пластиковый", "Пластик", 1.1),
                    ("SRN", "ЩРН навесной металлический", "Сталь", 2.2),
                    ("SRV", "ЩРВ встраиваемый металлический", "Сталь", 2.4),
                ),
                axis(
                    "m k",
                    (4, 0.6),
                    (6, 0.7),
                    (8, 0.8),
                    (12, 1.0),
                    (18, 1.3),
                    (24, 1.6),
                    (36, 2.2),
                    (48, 2.8),
                    (72, 3.8),
                ),
                axis("ip k", (30, 1.0), (31, 1.05), (41, 1.1), (54, 1.6), (65, 2.0)),
            ),
            price=540.0,
            brands=("IEK", "EKF", "DKC", "TDM Electric", "Schneider Electric"),
            packs=(("кор", 4),),
            props=(("Материал", "{mat}"), ("Степень защиты", "IP{ip}")),
        ),
    ),
)

# Series of wiring accessories: brand, series, article code, price factor.
WIRING_SERIES = axis(
    "brand series code k",
    ("Schneider Electric", "AtlasDesign", "ATN", 2.0),
    ("Schneider Electric", "Glossa", "GSL", 1.3),
    ("Legrand", "Valena Life", "7530", 2.2),
    ("Legrand", "Etika", "6727", 1.4),
    ("IEK", "BRITE", "BR", 0.9),
    ("Legrand", "Inspiria", "6739", 1.6),
    ("EKF", "Минск", "ERR", 0.6),
)
WIRING_COLORS = axis(
    "cc color k",
    ("01", "белый", 1.0),
    ("02", "слоновая кость", 1.05),
    ("03", "бежевый", 1.05),
    ("04", "алюминий", 1.2),
    ("05", "чёрный", 1.2),
    ("06", "антрацит", 1.25),
    ("07", "сталь", 1.3),
)

WIRING = (
    "Электроустановочные изделия",
    (
        Leaf(
            name="Розетки",
            article="{code}-S{tc}{cc}",
            title="Розетка {kind}, {brand} {series}, {color}",
            axes=(
                WIRING_SERIES,
                axis(
                    "tc kind k",
                    (1, "с заземлением", 1.0),
                    (2, "с заземлением и шторками", 1.15),
                    (3, "с заземлением и крышкой IP44", 1.6),
                    (4, "двойная с заземлением", 1.9),
                    (5, "с заземлением и USB A+C", 3.5),
                    (6, "компьютерная RJ45 кат. 5e", 1.8),
                    (7, "телевизионная", 1.3),
                ),
                WIRING_COLORS,
            ),
            price=240.0,
            packs=(("упак", 10), ("кор", 100)),
            props=(("Цвет", "{color}"), ("Напряжение", "250 В")),
            weight=2,
        ),
        Leaf(
            name="Выключатели",
            article="{code}-V{tc}{cc}",
            title="Выключатель {kind}, {brand} {series}, {color}",
            axes=(
                WIRING_SERIES,
                axis(
                    "tc kind k",
                    (1, "одноклавишный", 1.0),
                    (2, "двухклавишный", 1.3),
                    (3, "трёхклавишный", 1.8),
                    (4, "одноклавишный с подсветкой", 1.4),
                    (5, "одноклавишный проходной", 1.3),
                    (6, "двухклавишный проходной", 1.7),
                ),
                WIRING_COLORS,
            ),
            price=210.0,
            packs=(("упак", 10), ("кор", 100)),
            props=(("Цвет", "{color}"), ("Напряжение", "250 В")),
            weight=2,
        ),
        Leaf(
            name="Удлинители и колодки",
            article="{bc}-UD{n}-{ll}-{w}",
            title="Удлинитель {n} гнезда{g}, {lr} м, провод {wire}",
            axes=(
                axis("n k", (2, 0.9), (3, 1.0), (4, 1.1), (5, 1.2), (6, 1.3)),
                axis(
                    "ll lr k",
                    ("1.5", "1,5", 1.0),
                    ("3", "3", 1.2),
                    ("5", "5", 1.5),
                    ("10", "10", 2.2),
                    ("20", "20", 3.5),
                    ("30", "30", 4.6),
                ),
                axis(
                    "w wire g k",
                    ("2075", "ПВС 2×0,75", "", 1.0),
                    ("3100", "ПВС 3×1,0", " с заземлением", 1.3),
                    ("3150", "ПВС 3×1,5", " с заземлением", 1.6),
                ),
            ),
            price=310.0,
            brands=("Kranz", "Rexant", "IEK", "TDM Electric"),
            packs=(("кор", 20),),
            props=(("Длина", "{lr} м"), ("Напряжение", "250 В")),
        ),
    ),
)

# Shape code, base (цоколь), shape in words, price factor.
LAMP_SHAPES = axis(
    "sh base shape k",
    ("A60", "E27", "груша", 1.0),
    ("A65", "E27", "груша", 1.1),
    ("C37", "E14", "свеча", 1.0),
    ("C37", "E27", "свеча", 1.0),
    ("G45", "E14", "шар", 1.0),
    ("G45", "E27", "шар", 1.0),
    ("R50", "E14", "рефлектор", 1.2),
    ("R63", "E27", "рефлектор", 1.3),
    ("MR16", "GU5.3", "софит", 1.1),
    ("GX53", "GX53", "таблетка", 1.2),
)
TEMPERATURES = axis("t k", (2700, 1.0), (4000, 1.0), (6500, 1.0))

LIGHTING = (
    "Светотехника",
    (
        Leaf(
            name="Лампы светодиодные",
            article="{bc}-LED-{sh}-{w}W-{t}K-{base}",
            title="Лампа светодиодная {shape} {sh} {w} Вт {base} {t}K",
            axes=(
                LAMP_SHAPES,
                axis(
                    "w k",
                    (5, 0.8),
                    (7, 0.9),
                    (8, 0.95),
                    (10, 1.0),
                    (12, 1.1),
                    (15, 1.3),
                    (20, 1.7),
                    (25, 2.2),
                    (30, 2.8),
                ),
                TEMPERATURES,
            ),
            price=95.0,
            brands=LIGHT_BRANDS,
            packs=(("упак", 10), ("кор", 100)),
            props=(
                ("Мощность", "{w} Вт"),
                ("Цоколь", "{base}"),
                ("Цветовая температура", "{t} K"),
                ("Напряжение", "230 В"),
            ),
            weight=3,
        ),
        Leaf(
            name="Светильники светодиодные",
            article="{bc}-{kc}-{w}W-{t}K-IP{ip}",
            title="Светильник светодиодный {kind} {w} Вт {t}K IP{ip}",
            axes=(
                axis(
                    "kc kind k",
                    ("PNL", "панель 595×595 офисная", 1.6),
                    ("DPO1200", "ДПО линейный 1200 мм", 1.2),
                    ("DPO600", "ДПО линейный 600 мм", 0.9),
                    ("ZHKH", "ЖКХ круглый с датчиком движения", 1.1),
                    ("NKL", "накладной круглый", 1.0),
                    ("DL", "встраиваемый даунлайт", 0.9),
                ),
                axis("w k", (8, 0.7), (12, 0.85), (18, 1.0), (24, 1.2), (36, 1.5), (40, 1.6)),
                axis("t k", (3000, 1.0), (4000, 1.0), (6500, 1.0)),
                axis("ip k", (20, 1.0), (40, 1.15), (65, 1.5)),
            ),
            price=650.0,
            brands=LIGHT_BRANDS,
            packs=(("кор", 4),),
            props=(
                ("Мощность", "{w} Вт"),
                ("Цветовая температура", "{t} K"),
                ("Степень защиты", "IP{ip}"),
            ),
            weight=2,
        ),
        Leaf(
            name="Прожекторы",
            article="{bc}-SDO-{w}-{t}-{cc}{sens}",
            title="Прожектор светодиодный СДО {w} Вт {t}K IP65, {color}{sensor}",
            axes=(
                axis(
                    "w k",
                    *((w, round(0.6 + w / 60, 2)) for w in (10, 20, 30, 50, 70, 100, 150, 200)),
                ),
                axis("t k", (4000, 1.0), (6500, 1.0)),
                axis("cc color k", ("B", "чёрный", 1.0), ("G", "серый", 1.0), ("W", "белый", 1.05)),
                axis("sens sensor k", ("", "", 1.0), ("-D", " с датчиком движения", 1.35)),
            ),
            price=780.0,
            brands=LIGHT_BRANDS,
            packs=(("кор", 10),),
            props=(
                ("Мощность", "{w} Вт"),
                ("Цветовая температура", "{t} K"),
                ("Цвет", "{color}"),
            ),
        ),
    ),
)

ROUTING = (
    "Кабеленесущие системы",
    (
        Leaf(
            name="Гофротруба",
            article="{bc}-GOF-{mc}-{d}{z}",
            title="Труба гофрированная {mat} d{d} мм{probe}, {color}",
            axes=(
                axis(
                    "mc mat color pm k",
                    ("PVC", "ПВХ", "серая", "Поливинилхлорид", 1.0),
                    ("PND", "ПНД", "чёрная", "Полиэтилен", 1.1),
                    ("PPL", "ПП", "синяя", "Полипропилен", 1.3),
                ),
                axis("d k", (16, 1.0), (20, 1.3), (25, 1.8), (32, 2.6), (40, 3.6), (50, 4.8)),
                axis("z probe k", ("", "", 1.0), ("Z", " с зондом", 1.1)),
            ),
            price=9.0,
            brands=ACCESSORY_BRANDS,
            unit="м",
            packs=(("упак", 100),),
            props=(("Диаметр", "{d} мм"), ("Материал", "{pm}"), ("Цвет", "{color}")),
            multiple="упак",
        ),
        Leaf(
            name="Кабель-каналы",
            article="{bc}-KK-{w}x{h}-{cc}",
            title="Кабель-канал {w}×{h} мм, {color}, 2 м",
            axes=(
                axis(
                    "w h k",
                    (12, 12, 0.6),
                    (16, 16, 0.8),
                    (20, 10, 0.8),
                    (25, 16, 1.0),
                    (25, 25, 1.2),
                    (40, 16, 1.4),
                    (40, 25, 1.7),
                    (40, 40, 2.2),
                    (60, 40, 3.0),
                    (100, 60, 5.5),
                ),
                axis(
                    "cc color k",
                    ("W", "белый", 1.0),
                    ("GR", "серый", 1.05),
                    ("BR", "коричневый", 1.1),
                ),
            ),
            price=42.0,
            brands=ACCESSORY_BRANDS,
            unit="м",
            packs=(("кор", 100),),
            props=(("Цвет", "{color}"), ("Материал", "Поливинилхлорид")),
            multiple=2,
        ),
        Leaf(
            name="Стяжки кабельные",
            article="{bc}-HC-{w}x{l}-{cc}",
            title="Стяжка кабельная {wr}×{l} мм, {color}",
            axes=(
                axis(
                    "w wr k",
                    ("2.5", "2,5", 1.0),
                    ("3.6", "3,6", 1.5),
                    ("4.8", "4,8", 2.2),
                    ("7.6", "7,6", 3.5),
                ),
                axis("l k", (100, 0.6), (150, 0.8), (200, 1.0), (250, 1.2), (300, 1.5), (400, 2.0)),
                axis("cc color k", ("N", "белая", 1.0), ("B", "чёрная", 1.05)),
            ),
            price=0.9,
            brands=ACCESSORY_BRANDS,
            packs=(("упак", 100), ("кор", 5000)),
            props=(("Длина", "{l} мм"), ("Цвет", "{color}"), ("Материал", "Полиамид")),
            multiple="упак",
        ),
    ),
)

TOP: Top = ("Электрика", (CABLE, AUTOMATION, WIRING, LIGHTING, ROUTING))
