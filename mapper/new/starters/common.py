"""Comment texts every starter shares, in English, Russian and Bulgarian."""
from __future__ import annotations

CURRENCY = {"en": ("EUR", 1), "ru": ("RUB", 100), "bg": ("EUR", 1)}

COMMON = {
    "en": {
        "intro": (
            "Starter journey made by `journeymap new` from the `{template}` template. The "
            "touchpoints start from entries of the touchpoint catalog (`use:`) with typical "
            "risk figures: replace them with your own data, rename, add and remove "
            "touchpoints, then run `journeymap check` and `journeymap build`."),
        "cohort": "customers entering the journey",
        "economics": "optional; your own figures: value of keeping a customer, cost of "
                     "winning a new one",
        "segments": "customer segments; shares sum to 1",
        "complaints": "default complaint channel for every touchpoint",
        "stages": "in order, left to right; aspect: sales | after_sales | warranty | complaint",
        "touchpoints": (
            "use: starts from a catalog entry (touchpoints/); the keys below override it. "
            "next: the share of customers who continue to each touchpoint; the rest drops "
            "off silently."),
        "outcomes_title": "Outcomes",
        "outcomes": "where customers end up: repeat_purchase | loyal | advocate | lost",
        "promise": "a promise made here, kept (or broken) at kept_at",
    },
    "ru": {
        "intro": (
            "Заготовка пути клиента, созданная командой `journeymap new` по шаблону "
            "`{template}`. Точки контакта начинаются с записей каталога (`use:`) с "
            "типичными оценками риска: замените их своими данными, переименуйте, добавьте "
            "или удалите точки контакта, затем запустите `journeymap check` и "
            "`journeymap build`."),
        "cohort": "клиентов на входе в путь",
        "economics": "необязательно; ваши цифры: ценность удержанного клиента и стоимость "
                     "привлечения нового",
        "segments": "сегменты клиентов; доли в сумме дают 1",
        "complaints": "канал для жалоб по умолчанию для всех точек контакта",
        "stages": "по порядку, слева направо; aspect: sales | after_sales | warranty | "
                  "complaint",
        "touchpoints": (
            "use: точка начинается с записи каталога (touchpoints/), ключи ниже её "
            "переопределяют. next: доля клиентов, переходящих к каждой следующей точке; "
            "остальные молча уходят."),
        "outcomes_title": "Итоги",
        "outcomes": "чем заканчивается путь клиента: repeat_purchase | loyal | advocate | "
                    "lost",
        "promise": "обещание, данное здесь; выполняется (или нарушается) в точке kept_at",
    },
    "bg": {
        "intro": (
            "Начален път на клиента, създаден с `journeymap new` по шаблона `{template}`. "
            "Точките на контакт започват от записи в каталога (`use:`) с типични оценки "
            "на риска: заменете ги със свои данни, преименувайте, добавете или премахнете "
            "точки на контакт, след което изпълнете `journeymap check` и "
            "`journeymap build`."),
        "cohort": "клиенти, които започват пътя",
        "economics": "по избор; вашите данни: стойност на задържан клиент и цена за "
                     "привличане на нов",
        "segments": "клиентски сегменти; дяловете са общо 1",
        "complaints": "канал за оплаквания по подразбиране за всички точки на контакт",
        "stages": "по ред, отляво надясно; aspect: sales | after_sales | warranty | complaint",
        "touchpoints": (
            "use: точката започва от запис в каталога (touchpoints/), ключовете по-долу го "
            "заменят. next: делът на клиентите, които продължават към всяка следваща точка; "
            "останалите тихо отпадат."),
        "outcomes_title": "Резултати",
        "outcomes": "как завършва пътят на клиента: repeat_purchase | loyal | advocate | "
                    "lost",
        "promise": "обещание, дадено тук; изпълнява се (или се нарушава) в точката kept_at",
    },
}
