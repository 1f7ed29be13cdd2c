"""Guess a stage's service aspect from its name (English, Russian, Bulgarian)."""
from __future__ import annotations

import re

ASPECT_WORDS = {
    "complaint": ("complain", "complaint", "claim", "dissatisf", "жалоб", "претензи",
                  "рекламаци", "оплакван", "недовол"),
    "warranty": ("warrant", "guarantee", "repair", "гаранти", "ремонт", "сервиз"),
    "after_sales": ("after", "support", "use", "usage", "help", "question", "service desk",
                    "exchange", "return", "после", "поддръжк", "поддержк", "использ",
                    "употреб", "обмен", "замян", "върщан", "возврат", "вопрос", "въпрос"),
}


def guess_aspect(text: str) -> str:
    """The service aspect a stage name suggests (English, Russian, Bulgarian); else sales."""
    lowered = text.lower().replace("_", " ").replace("-", " ")
    for aspect, words in ASPECT_WORDS.items():
        if any(re.search(r"(?<!\w)" + re.escape(word), lowered) for word in words):
            return aspect
    return "sales"




CHANNEL_WORDS = {
    "phone": ("call", "phone", "hotline", "звон", "телефон", "обажд", "горяч"),
    "email": ("e-mail", "email", "mail", "letter", "newsletter", "письм", "писмо", "имейл"),
    "app": ("app", "приложени"),
    "web": ("web", "site", "online", "chat", "search", "сайт", "онлайн", "чат", "уебсайт"),
    "delivery": ("deliver", "courier", "parcel", "shipping", "достав", "курьер", "куриер",
                 "посыл", "пратк"),
    "ad": ("advert", "banner", "ad", "ads", "flyer", "реклам", "баннер", "банер", "листовк",
           "брошур"),
    "in_person": ("store", "shop", "visit", "desk", "counter", "reception", "till", "магазин",
                  "посещ", "касс", "каса", "щанд", "рецепци"),
}


def guess_channel(text: str) -> str:
    """The channel a touchpoint's name suggests; else ``other``."""
    lowered = text.lower()
    for channel, words in CHANNEL_WORDS.items():
        if any(re.search(r"(?<!\w)" + re.escape(word) + (r"(?!\w)" if len(word) <= 3 else ""),
                         lowered) for word in words):
            return channel
    return "other"
