"""Starter: a household appliance store with its own delivery team."""
from .model import Point, Starter

STARTER = Starter(
    id="store",
    stages=(("awareness", "sales"), ("store", "sales"), ("payment", "sales"),
            ("delivery", "sales"), ("use", "after_sales"), ("warranty", "warranty"),
            ("repeat", "sales"), ("complaints", "complaint")),
    complaints="hotline",
    economics=(900, 150),
    points=(
        Point("flyer", "awareness", "retail/print-advertising", {"store_visit": 0.3}),
        Point("store_visit", "store", "retail/store-visit", {"shelves": 0.9}),
        Point("shelves", "store", "retail/shelf-and-price-tags", {"assistant": 0.7}),
        Point("assistant", "store", "retail/sales-assistant", {"till": 0.6}),
        Point("till", "payment", "retail/till-checkout", {"delivery_booking": 0.98}),
        Point("delivery_booking", "payment", next={"home_delivery": 1.0},
              promises=(("delivery-day", "home_delivery"),),
              own={"channel": "in_person", "likelihood": 0.03, "severity": 3, "emotion": 1}),
        Point("home_delivery", "delivery", "retail/home-delivery", {"usage": 0.98},
              third_party=False),
        Point("usage", "use", "retail/product-use-at-home",
              {"exchange": 0.04, "warranty_repair": 0.03, "loyalty_card": 0.6}),
        Point("exchange", "use", "retail/exchange-desk", {"loyalty_card": 0.7, "lost": 0.2}),
        Point("warranty_repair", "warranty", "services/warranty-repair-centre",
              {"loyalty_card": 0.7, "lost": 0.2}, third_party=True),
        Point("loyalty_card", "repeat", "retail/loyalty-card",
              {"repeat": 0.4, "loyal": 0.3, "advocate": 0.1}),
        Point("hotline", "complaints", "services/complaint-hotline"),
        Point("repeat", outcome="repeat_purchase"),
        Point("loyal", outcome="loyal"),
        Point("advocate", outcome="advocate"),
        Point("lost", outcome="lost"),
    ),
    text={
        "en": {
            "title": "Household appliance store",
            "description": "A store selling household appliances: customers choose in the "
                           "store, the store's own team delivers and installs, and an "
                           "authorised service centre does the warranty repairs.",
            "stage.awareness": "Awareness", "stage.store": "In the store",
            "stage.payment": "Payment", "stage.delivery": "Delivery and installation",
            "stage.use": "Use and exchange", "stage.warranty": "Warranty repair",
            "stage.repeat": "Coming back", "stage.complaints": "Complaints",
            "name.flyer": "Flyer with offers", "name.store_visit": "Store visit",
            "name.shelves": "Shelves and price tags",
            "name.assistant": "Sales assistant's advice", "name.till": "Paying at the till",
            "name.home_delivery": "Delivery and installation at home",
            "name.usage": "Using the appliance", "name.exchange": "Exchange and returns desk",
            "name.warranty_repair": "Warranty repair at the service centre",
            "name.loyalty_card": "Loyalty card", "name.hotline": "Customer service line",
            "name.repeat": "Repeat purchase", "name.loyal": "Loyal customer",
            "name.advocate": "Recommends the store", "name.lost": "Lost customer",
            "promise.delivery-day": "Delivery and installation on the agreed day",
            "owner.home_delivery": "The store's delivery team",
            "owner.warranty_repair": "Authorised service centre",
            "name.delivery_booking": "Booking the delivery day",
            "note.delivery_booking": "A touchpoint written in full, without a catalog entry: "
                                     "likelihood (0..1) and severity (1..5) of a negative "
                                     "experience, and the customer's emotion (-2..+2). "
                                     "Almost every appliance is delivered, so the delivery "
                                     "day is promised here.",
            "note.exchange": "A grudging exchange tells a customer the store only cared "
                             "until the sale.",
            "note.hotline": "The complaint channel: a complaint resolved quickly wins a "
                            "disappointed customer back.",
        },
        "ru": {
            "title": "Магазин бытовой техники",
            "description": "Магазин бытовой техники: покупатели выбирают в торговом зале, "
                           "доставку и установку выполняет собственная служба магазина, "
                           "гарантийный ремонт — авторизованный сервисный центр.",
            "stage.awareness": "Знакомство с магазином", "stage.store": "В торговом зале",
            "stage.payment": "Оплата", "stage.delivery": "Доставка и установка",
            "stage.use": "Использование и обмен", "stage.warranty": "Гарантийный ремонт",
            "stage.repeat": "Возвращение в магазин", "stage.complaints": "Жалобы",
            "name.flyer": "Рекламная листовка", "name.store_visit": "Посещение магазина",
            "name.shelves": "Полки и ценники", "name.assistant": "Консультация продавца",
            "name.till": "Оплата на кассе",
            "name.home_delivery": "Доставка и установка на дому",
            "name.usage": "Использование техники",
            "name.exchange": "Стойка обмена и возврата",
            "name.warranty_repair": "Гарантийный ремонт в сервисном центре",
            "name.loyalty_card": "Карта лояльности", "name.hotline": "Горячая линия",
            "name.repeat": "Повторная покупка", "name.loyal": "Постоянный клиент",
            "name.advocate": "Рекомендует магазин", "name.lost": "Потерянный клиент",
            "promise.delivery-day": "Доставка и установка в согласованный день",
            "owner.home_delivery": "Служба доставки магазина",
            "owner.warranty_repair": "Авторизованный сервисный центр",
            "name.delivery_booking": "Согласование дня доставки",
            "note.delivery_booking": "Точка контакта, описанная полностью, без записи "
                                     "каталога: likelihood (0..1) и severity (1..5) "
                                     "негативного опыта и эмоция клиента emotion (-2..+2). "
                                     "Почти всю технику доставляют, поэтому день доставки "
                                     "обещают здесь.",
            "note.exchange": "Неохотный обмен показывает клиенту, что магазин интересовала "
                             "только продажа.",
            "note.hotline": "Канал для жалоб: быстро решённая жалоба возвращает "
                            "разочарованного клиента.",
        },
        "bg": {
            "title": "Магазин за битова техника",
            "description": "Магазин за битова техника: клиентите избират в магазина, "
                           "доставката и монтажът се извършват от собствен екип, а "
                           "гаранционните ремонти — от оторизиран сервиз.",
            "stage.awareness": "Информиране", "stage.store": "В магазина",
            "stage.payment": "Плащане", "stage.delivery": "Доставка и монтаж",
            "stage.use": "Употреба и замяна", "stage.warranty": "Гаранционен ремонт",
            "stage.repeat": "Повторно посещение", "stage.complaints": "Оплаквания",
            "name.flyer": "Рекламна брошура", "name.store_visit": "Посещение в магазина",
            "name.shelves": "Рафтове и етикети с цени",
            "name.assistant": "Консултация с продавач", "name.till": "Плащане на касата",
            "name.home_delivery": "Доставка и монтаж у дома",
            "name.usage": "Употреба на уреда",
            "name.exchange": "Щанд за замяна и връщане",
            "name.warranty_repair": "Гаранционен ремонт в сервиза",
            "name.loyalty_card": "Карта за лоялност",
            "name.hotline": "Телефон за обслужване на клиенти",
            "name.repeat": "Повторна покупка", "name.loyal": "Лоялен клиент",
            "name.advocate": "Препоръчва магазина", "name.lost": "Изгубен клиент",
            "promise.delivery-day": "Доставка и монтаж в уговорения ден",
            "owner.home_delivery": "Екипът за доставка на магазина",
            "owner.warranty_repair": "Оторизиран сервиз",
            "name.delivery_booking": "Уговаряне на деня за доставка",
            "note.delivery_booking": "Точка на контакт, описана изцяло, без запис от "
                                     "каталога: likelihood (0..1) и severity (1..5) на "
                                     "негативното преживяване и емоцията на клиента emotion "
                                     "(-2..+2). Почти всеки уред се доставя, затова денят на "
                                     "доставката се обещава тук.",
            "note.exchange": "Неохотната замяна показва на клиента, че магазинът се е "
                             "интересувал само от продажбата.",
            "note.hotline": "Канал за оплаквания: бързо решеното оплакване връща "
                            "разочарования клиент.",
        },
    },
)
