"""Reference data of the demo catalog: units, price types, warehouses and the regions they
deliver to, brands and properties."""

from __future__ import annotations

from dataclasses import dataclass

# Short name, full name, ОКЕИ code (empty where the classifier has none).
UNITS = (
    ("шт", "Штука", "796"),
    ("упак", "Упаковка", "778"),
    ("кор", "Коробка", ""),
    ("палл", "Паллета", ""),
    ("кг", "Килограмм", "166"),
    ("м", "Метр", "006"),
    ("км", "Километр", "008"),
    ("л", "Литр", "112"),
    ("компл", "Комплект", "839"),
)


@dataclass(frozen=True)
class PriceTypeSpec:
    name: str
    code: str
    factor: float  # of the retail price


# The first is the base (retail) price; a scale takes the first N.
PRICE_TYPES = (
    PriceTypeSpec("Розничная", "RTL", 1.0),
    PriceTypeSpec("Мелкооптовая", "MOPT", 0.92),
    PriceTypeSpec("Оптовая", "OPT", 0.86),
    PriceTypeSpec("Крупный опт", "KOPT", 0.81),
    PriceTypeSpec("Дилерская", "DLR", 0.77),
    PriceTypeSpec("Интернет-магазин", "WEB", 0.97),
    PriceTypeSpec("Монтажные организации", "MONT", 0.88),
    PriceTypeSpec("Проектная", "PROJ", 0.84),
    PriceTypeSpec("Региональная (Урал)", "REG-U", 0.87),
    PriceTypeSpec("Региональная (Сибирь)", "REG-S", 0.89),
    PriceTypeSpec("Региональная (Юг)", "REG-Y", 0.87),
    PriceTypeSpec("Тендерная", "TND", 0.79),
    PriceTypeSpec("Строительные компании", "STRK", 0.85),
    PriceTypeSpec("Сетевой ритейл", "RETL", 0.83),
    PriceTypeSpec("Маркетплейсы", "MP", 0.95),
    PriceTypeSpec("Бюджетные организации", "BUDG", 0.9),
    PriceTypeSpec("Партнёрская", "PART", 0.8),
    PriceTypeSpec("VIP", "VIP", 0.75),
    PriceTypeSpec("Акционная", "PROMO", 0.9),
    PriceTypeSpec("Дистрибьюторская", "DIST", 0.72),
)


@dataclass(frozen=True)
class WarehouseSpec:
    name: str
    address: str
    lat: float
    lon: float
    stocked: float  # the share of products kept there


WAREHOUSES = (
    WarehouseSpec("Москва", "109383, г. Москва, ул. Шоссейная, д. 90, стр. 14", 55.75, 37.62, 0.8),
    WarehouseSpec(
        "Санкт-Петербург",
        "192289, г. Санкт-Петербург, Грузовой пр., д. 19, лит. А",
        59.94,
        30.31,
        0.55,
    ),
    WarehouseSpec(
        "Екатеринбург", "620050, г. Екатеринбург, ул. Монтажников, д. 26", 56.84, 60.6, 0.5
    ),
    WarehouseSpec("Новосибирск", "630088, г. Новосибирск, ул. Петухова, д. 69", 55.03, 82.92, 0.4),
    WarehouseSpec("Казань", "420032, г. Казань, ул. Складская, д. 12", 55.79, 49.12, 0.4),
    WarehouseSpec(
        "Ростов-на-Дону",
        "344065, г. Ростов-на-Дону, ул. 50-летия Ростсельмаша, д. 1/52",
        47.23,
        39.72,
        0.35,
    ),
    WarehouseSpec("Краснодар", "350912, г. Краснодар, ул. Уральская, д. 145", 45.04, 38.98, 0.35),
    WarehouseSpec("Самара", "443052, г. Самара, Заводское ш., д. 11", 53.2, 50.15, 0.3),
    WarehouseSpec(
        "Нижний Новгород", "603016, г. Нижний Новгород, ул. Юлиуса Фучика, д. 60", 56.33, 44.0, 0.35
    ),
    WarehouseSpec("Воронеж", "394038, г. Воронеж, ул. Дорожная, д. 17", 51.67, 39.18, 0.3),
)
DEFAULT_WAREHOUSE = "Москва"

# A delivery region and a point in it lead times are counted to.
REGIONS = (
    ("Москва и Московская область", 55.75, 37.62),
    ("Санкт-Петербург и Ленинградская область", 59.94, 30.31),
    ("Центральный ФО", 53.0, 38.0),
    ("Северо-Западный ФО", 61.8, 34.3),
    ("Приволжский ФО", 55.5, 49.5),
    ("Уральский ФО", 57.0, 63.0),
    ("Сибирский ФО", 56.0, 86.0),
    ("Южный ФО", 46.5, 40.0),
    ("Северо-Кавказский ФО", 44.0, 44.0),
    ("Дальневосточный ФО", 48.5, 135.0),
)


@dataclass(frozen=True)
class BrandSpec:
    code: str  # prefix of the brand's articles
    factor: float  # of the family's price
    gs1: str  # GS1 prefix of the country its barcodes come from


BRANDS = {
    "ABB": BrandSpec("ABB", 1.45, "730"),
    "Bosch": BrandSpec("BOS", 1.35, "400"),
    "Bugatti": BrandSpec("BUG", 1.3, "800"),
    "Ceresit": BrandSpec("CER", 1.15, "400"),
    "DKC": BrandSpec("DKC", 1.1, "460"),
    "DeWalt": BrandSpec("DW", 1.35, "088"),
    "Dulux": BrandSpec("DLX", 1.2, "500"),
    "EKF": BrandSpec("EKF", 0.95, "460"),
    "Fischer": BrandSpec("FIS", 1.4, "400"),
    "Gauss": BrandSpec("GS", 1.0, "460"),
    "Grohe": BrandSpec("GRO", 1.5, "400"),
    "Hansgrohe": BrandSpec("HG", 1.5, "400"),
    "IEK": BrandSpec("IEK", 1.0, "460"),
    "Iddis": BrandSpec("IDD", 0.6, "460"),
    "Knauf": BrandSpec("KNF", 1.1, "400"),
    "Kranz": BrandSpec("KRZ", 0.85, "460"),
    "Legrand": BrandSpec("LEG", 1.35, "300"),
    "Makita": BrandSpec("MAK", 1.3, "450"),
    "Matrix": BrandSpec("MTX", 0.9, "460"),
    "Navigator": BrandSpec("NAV", 0.95, "460"),
    "Rehau": BrandSpec("REH", 1.3, "400"),
    "Rexant": BrandSpec("REX", 0.9, "460"),
    "Schneider Electric": BrandSpec("SE", 1.4, "300"),
    "Sormat": BrandSpec("SOR", 1.3, "640"),
    "Stayer": BrandSpec("STY", 0.8, "460"),
    "TDM Electric": BrandSpec("TDM", 0.85, "460"),
    "Tech-KREP": BrandSpec("TK", 0.95, "460"),
    "Tikkurila": BrandSpec("TIK", 1.3, "640"),
    "Valtec": BrandSpec("VT", 1.0, "800"),
    "Волма": BrandSpec("VLM", 0.9, "460"),
    "Гипрок": BrandSpec("GPR", 1.0, "460"),
    "Диолд": BrandSpec("DLD", 0.6, "460"),
    "Европартнёр": BrandSpec("EP", 0.95, "460"),
    "ЗУБР": BrandSpec("ZUBR", 0.9, "460"),
    "Интерскол": BrandSpec("INT", 0.7, "460"),
    "Камкабель": BrandSpec("KK", 0.97, "460"),
    "Кольчугино": BrandSpec("KLC", 1.0, "460"),
    "Конкорд": BrandSpec("KON", 0.95, "460"),
    "Лакра": BrandSpec("LKR", 0.8, "460"),
    "Основит": BrandSpec("OSN", 0.85, "460"),
    "Политэк": BrandSpec("PLT", 0.8, "460"),
    "Ридан": BrandSpec("RID", 1.1, "460"),
    "Севкабель": BrandSpec("SK", 1.05, "460"),
    "Стройметиз": BrandSpec("SM", 0.9, "460"),
    "Текс": BrandSpec("TEKS", 0.9, "460"),
    "Юнис": BrandSpec("UNS", 0.85, "460"),
    "Ярославские краски": BrandSpec("YAR", 0.75, "460"),
}

# Properties the catalog filters by; values come from the product families.
PROPERTIES = (
    "Диаметр",
    "Длина",
    "Материал",
    "Покрытие",
    "Цвет",
    "Сечение",
    "Напряжение",
    "Количество жил",
    "Класс прочности",
    "Стандарт",
    "Номинальный ток",
    "Количество полюсов",
    "Мощность",
    "Цоколь",
    "Цветовая температура",
    "Степень защиты",
    "Объём",
    "Вес",
    "Размер",
    "Толщина",
    "Ширина",
    "Тип",
)
