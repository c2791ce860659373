"""Крепёж: bolts, nuts and washers, screws, anchors and nails."""

from okno.demo.catalog.leaf import Leaf, Top, axis

BRANDS = ("Стройметиз", "ЗУБР", "Tech-KREP", "Европартнёр")
ANCHOR_BRANDS = ("Fischer", "Sormat", "Tech-KREP", "Европартнёр")
PACKS = (("упак", "pack"), ("кор", ("pack", 10)), ("палл", ("pack", 400)))

# Metric diameter, price factor, pieces in a pack.
DIAMETERS = axis(
    "d k pack",
    (5, 0.35, 200),
    (6, 0.45, 200),
    (8, 0.8, 50),
    (10, 1.3, 50),
    (12, 2.0, 50),
    (14, 3.0, 25),
    (16, 4.2, 25),
    (20, 7.5, 10),
    (24, 12.0, 5),
)
SMALL_DIAMETERS = DIAMETERS[:6]
LENGTHS = axis(
    "l k",
    *((length, round(0.6 + length / 100, 2)) for length in (10, 12, 16, 20, 25, 30, 35, 40)),
    *((length, round(0.6 + length / 100, 2)) for length in (45, 50, 60, 70, 80, 90, 100, 120)),
    (140, 2.0),
    (160, 2.2),
)
LONG_LENGTHS = axis(
    "l k",
    *((length, round(0.5 + length / 90, 2)) for length in (40, 50, 60, 70, 80, 90, 100, 110)),
    *((length, round(0.5 + length / 90, 2)) for length in (120, 130, 140, 150, 160, 180, 200)),
    (220, 3.0),
    (240, 3.2),
    (260, 3.4),
    (300, 3.9),
)
# Code in the article, words in the name, material, coating, strength class, price factor.
COATINGS = axis(
    "cc coat mat cover cl k",
    ("Zn", "оцинкованный", "Сталь", "Цинк", "8.8", 1.0),
    ("B", "без покрытия", "Сталь", "Без покрытия", "5.8", 0.85),
    ("HDG", "горячеоцинкованный", "Сталь", "Горячий цинк", "8.8", 1.35),
    ("A2", "нержавеющий A2", "Нержавеющая сталь A2", "Без покрытия", "A2-70", 3.2),
    ("A4", "нержавеющий A4", "Нержавеющая сталь A4", "Без покрытия", "A4-80", 4.5),
)
NUT_COATINGS = axis(
    "cc coat mat cover cl k",
    ("Zn", "оцинкованная", "Сталь", "Цинк", "8", 1.0),
    ("B", "без покрытия", "Сталь", "Без покрытия", "6", 0.85),
    ("HDG", "горячеоцинкованная", "Сталь", "Горячий цинк", "8", 1.35),
    ("A2", "нержавеющая A2", "Нержавеющая сталь A2", "Без покрытия", "A2-70", 3.2),
    ("A4", "нержавеющая A4", "Нержавеющая сталь A4", "Без покрытия", "A4-80", 4.5),
)
NUT_DIAMETERS = axis(
    "d k pack",
    (3, 0.2, 500),
    (4, 0.25, 500),
    *DIAMETERS,
    (30, 20.0, 5),
    (36, 32.0, 5),
)
BOLT_PROPS = (
    ("Диаметр", "М{d}"),
    ("Длина", "{l} мм"),
    ("Материал", "{mat}"),
    ("Покрытие", "{cover}"),
    ("Класс прочности", "{cl}"),
)


def _bolt(name: str, standard: str, title: str, lengths=LENGTHS, diameters=DIAMETERS) -> Leaf:
    code = standard.replace(" ", "")
    return Leaf(
        name=name,
        article=code + "-M{d}x{l}-{cc}",
        title=title + " М{d}×{l}, {coat}, кл. пр. {cl}",
        axes=(diameters, lengths, COATINGS),
        price=6.0,
        brands=BRANDS,
        packs=PACKS,
        props=(*BOLT_PROPS, ("Стандарт", standard)),
        weight=3,
        multiple="упак",
    )


def _nut(name: str, standard: str, title: str, price: float, weight: int = 1) -> Leaf:
    code = standard.replace(" ", "")
    return Leaf(
        name=name,
        article=code + "-M{d}-{cc}",
        title=title + " М{d}, {coat}",
        axes=(NUT_DIAMETERS, NUT_COATINGS),
        price=price,
        brands=BRANDS,
        packs=PACKS,
        props=(
            ("Диаметр", "М{d}"),
            ("Материал", "{mat}"),
            ("Покрытие", "{cover}"),
            ("Стандарт", standard),
        ),
        weight=weight,
        multiple="упак",
    )


RAL = axis(
    "ral color k",
    ("Zn", "оцинкованный", 1.0),
    ("RAL3005", "RAL 3005 винно-красный", 1.25),
    ("RAL3009", "RAL 3009 оксидно-красный", 1.25),
    ("RAL3011", "RAL 3011 коричнево-красный", 1.25),
    ("RAL5002", "RAL 5002 ультрамарин", 1.25),
    ("RAL5005", "RAL 5005 сигнальный синий", 1.25),
    ("RAL6002", "RAL 6002 лиственно-зелёный", 1.25),
    ("RAL6005", "RAL 6005 зелёный мох", 1.25),
    ("RAL7004", "RAL 7004 сигнальный серый", 1.25),
    ("RAL7024", "RAL 7024 графитовый серый", 1.25),
    ("RAL8017", "RAL 8017 шоколадно-коричневый", 1.25),
    ("RAL9003", "RAL 9003 сигнальный белый", 1.25),
    ("RAL9005", "RAL 9005 чёрный янтарь", 1.25),
    ("RAL1014", "RAL 1014 слоновая кость", 1.25),
)

BOLTS = (
    "Болты",
    (
        _bolt("Болты DIN 933", "DIN 933", "Болт DIN 933"),
        _bolt(
            "Болты DIN 931",
            "DIN 931",
            "Болт DIN 931 с неполной резьбой",
            lengths=LONG_LENGTHS,
            diameters=DIAMETERS[2:],
        ),
        _bolt(
            "Болты мебельные DIN 603",
            "DIN 603",
            "Болт мебельный DIN 603",
            diameters=SMALL_DIAMETERS,
        ),
        _bolt(
            "Винты DIN 7991",
            "DIN 7991",
            "Винт DIN 7991 с потайной головкой",
            diameters=SMALL_DIAMETERS,
        ),
    ),
)

NUTS = (
    "Гайки и шайбы",
    (
        _nut("Гайки DIN 934", "DIN 934", "Гайка шестигранная DIN 934", 1.6, weight=2),
        _nut("Гайки DIN 985", "DIN 985", "Гайка самоконтрящаяся DIN 985", 2.4),
        _nut("Гайки DIN 6923", "DIN 6923", "Гайка с фланцем DIN 6923", 2.8),
        _nut("Шайбы DIN 125", "DIN 125", "Шайба плоская DIN 125", 0.5, weight=2),
        _nut("Шайбы DIN 127", "DIN 127", "Шайба пружинная (гровер) DIN 127", 0.6),
        _nut("Шайбы DIN 9021", "DIN 9021", "Шайба увеличенная DIN 9021", 0.8),
    ),
)

SCREWS = (
    "Саморезы и шурупы",
    (
        Leaf(
            name="Саморезы кровельные",
            article="DIN7504K-{dd}x{l}-{ral}",
            title="Саморез кровельный {d}×{l} со сверлом и ЭПДМ-шайбой, {color}",
            axes=(
                axis("d dd k", ("4,8", "4.8", 1.0), ("5,5", "5.5", 1.3), ("6,3", "6.3", 1.7)),
                axis("l k", (19, 0.8), (25, 0.9), (29, 1.0), (35, 1.1), (38, 1.15), (51, 1.4)),
                RAL,
            ),
            price=2.8,
            brands=BRANDS,
            packs=(("упак", 250), ("кор", 2500)),
            props=(("Диаметр", "{d} мм"), ("Длина", "{l} мм"), ("Цвет", "{color}")),
            weight=3,
            multiple="упак",
        ),
        Leaf(
            name="Саморезы по дереву",
            article="SGD-{dd}x{l}-{cc}",
            title="Саморез по дереву {d}×{l}, {coat}",
            axes=(
                axis("d dd k", ("3,5", "3.5", 1.0), ("3,8", "3.8", 1.1), ("4,2", "4.2", 1.3)),
                axis(
                    "l k",
                    *((length, round(0.5 + length / 40, 2)) for length in (16, 19, 25, 32, 35)),
                    *((length, round(0.5 + length / 40, 2)) for length in (41, 45, 51, 55, 65)),
                    (76, 2.4),
                    (90, 2.8),
                ),
                axis(
                    "cc coat cover k",
                    ("F", "фосфатированный", "Фосфат", 1.0),
                    ("Zn", "оцинкованный", "Цинк", 1.15),
                    ("ZnY", "жёлтый цинк", "Жёлтый цинк", 1.2),
                ),
            ),
            price=0.9,
            brands=BRANDS,
            packs=(("упак", 1000), ("кор", 10000)),
            props=(("Диаметр", "{d} мм"), ("Длина", "{l} мм"), ("Покрытие", "{cover}")),
            weight=2,
            multiple="упак",
        ),
        Leaf(
            name="Шурупы-глухари DIN 571",
            article="DIN571-{d}x{l}-{cc}",
            title="Шуруп-глухарь DIN 571 {d}×{l}, {coat}",
            axes=(
                axis("d k pack", (6, 1.0, 100), (8, 1.6, 50), (10, 2.5, 50), (12, 3.8, 25)),
                LONG_LENGTHS,
                COATINGS[:4],
            ),
            price=7.0,
            brands=BRANDS,
            packs=PACKS,
            props=(("Диаметр", "{d} мм"), ("Длина", "{l} мм"), ("Материал", "{mat}")),
            weight=2,
            multiple="упак",
        ),
    ),
)

ANCHORS = (
    "Анкеры и дюбели",
    (
        Leaf(
            name="Анкерные болты",
            article="AB-{d}x{l}-{cc}",
            title="Анкерный болт с гайкой {d}×{l}, {coat}",
            axes=(
                axis("d k pack", (8, 1.0, 50), (10, 1.5, 50), (12, 2.2, 25), (16, 4.0, 10)),
                LONG_LENGTHS,
                COATINGS[:4],
            ),
            price=18.0,
            brands=ANCHOR_BRANDS,
            packs=(("упак", "pack"), ("кор", ("pack", 10))),
            props=(("Диаметр", "{d} мм"), ("Длина", "{l} мм"), ("Материал", "{mat}")),
            weight=2,
        ),
        Leaf(
            name="Дюбели распорные",
            article="DU-{t}-{d}x{l}",
            title="Дюбель распорный {kind} {d}×{l}",
            axes=(
                axis(
                    "t kind mat k",
                    ("N", "нейлоновый", "Нейлон", 1.0),
                    ("PP", "полипропиленовый", "Полипропилен", 0.7),
                    ("NB", "нейлоновый с бортиком", "Нейлон", 1.1),
                    ("U", "универсальный", "Нейлон", 1.4),
                ),
                axis("d k", (5, 0.7), (6, 0.8), (8, 1.0), (10, 1.5), (12, 2.2), (14, 3.0)),
                axis("l k", (25, 0.8), (30, 0.9), (40, 1.0), (50, 1.2), (60, 1.4), (80, 1.8)),
            ),
            price=1.6,
            brands=ANCHOR_BRANDS,
            packs=(("упак", 100), ("кор", 1000)),
            props=(("Диаметр", "{d} мм"), ("Длина", "{l} мм"), ("Материал", "{mat}")),
            weight=2,
            multiple="упак",
        ),
        Leaf(
            name="Дюбель-гвозди",
            article="DG-{h}-{d}x{l}",
            title="Дюбель-гвоздь {d}×{l}, {head}",
            axes=(
                axis(
                    "h head k",
                    ("P", "потайной бортик", 1.0),
                    ("C", "цилиндрический бортик", 1.0),
                    ("G", "грибовидный бортик", 1.1),
                ),
                axis("d k", (5, 0.8), (6, 1.0), (8, 1.6)),
                axis("l k", (30, 0.8), (40, 0.9), (60, 1.0), (80, 1.2), (100, 1.4), (120, 1.6)),
            ),
            price=3.2,
            brands=ANCHOR_BRANDS,
            packs=(("упак", 100), ("кор", 1000)),
            props=(("Диаметр", "{d} мм"), ("Длина", "{l} мм")),
            multiple="упак",
        ),
        Leaf(
            name="Химические анкеры",
            article="{bc}-CHEM-{t}-{v}",
            title="Химический анкер {brand} {kind}, {v} мл",
            axes=(
                axis(
                    "t kind k",
                    ("PE", "полиэфирный", 1.0),
                    ("VE", "винилэфирный", 1.6),
                    ("EP", "эпоксидный", 2.4),
                ),
                axis("v k", (150, 0.6), (300, 1.0), (345, 1.1), (410, 1.3)),
            ),
            price=690.0,
            brands=ANCHOR_BRANDS,
            packs=(("кор", 12),),
            props=(("Объём", "{v} мл"),),
        ),
    ),
)

NAILS = (
    "Гвозди",
    (
        Leaf(
            name="Гвозди строительные и специальные",
            article="GV-{t}-{size}-{cc}",
            title="Гвозди {kind} {sizeru}, {coat}",
            axes=(
                axis(
                    "t kind k",
                    ("S", "строительные ГОСТ 4028", 1.0),
                    ("T", "толевые", 1.1),
                    ("F", "финишные", 1.3),
                    ("V", "винтовые", 1.4),
                    ("E", "ершёные", 1.4),
                    ("SH", "шиферные", 1.5),
                ),
                axis(
                    "size sizeru k",
                    ("1.6x25", "1,6×25", 1.3),
                    ("1.8x32", "1,8×32", 1.2),
                    ("2.0x40", "2,0×40", 1.1),
                    ("2.5x50", "2,5×50", 1.0),
                    ("3.0x70", "3,0×70", 1.0),
                    ("3.5x90", "3,5×90", 1.0),
                    ("4.0x100", "4,0×100", 1.0),
                    ("4.0x120", "4,0×120", 1.0),
                    ("5.0x150", "5,0×150", 1.0),
                    ("6.0x200", "6,0×200", 1.05),
                ),
                axis(
                    "cc coat cover k",
                    ("B", "без покрытия", "Без покрытия", 1.0),
                    ("Zn", "оцинкованные", "Цинк", 1.3),
                ),
            ),
            price=165.0,
            brands=BRANDS,
            unit="кг",
            packs=(("кор", 25), ("палл", 1000)),
            props=(("Размер", "{sizeru} мм"), ("Покрытие", "{cover}")),
            weight=2,
            minimum=5,
        ),
    ),
)

TOP: Top = ("Крепёж", (BOLTS, NUTS, SCREWS, ANCHORS, NAILS))
