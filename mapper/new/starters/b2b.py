"""Starter: a supplier serving business accounts, small and large."""
from .model import Point, Starter

STARTER = Starter(
    id="b2b",
    stages=(("acquisition", "sales"), ("ordering", "sales"), ("fulfilment", "sales"),
            ("account_care", "after_sales"), ("support", "warranty"),
            ("complaints", "complaint")),
    complaints="service_desk",
    economics=(2400, 800),
    segments=(("small", 0.7, 1500), ("large", 0.3, 15000)),
    points=(
        Point("quote_request", "acquisition", "b2b/quote-request", {"account_manager": 0.5}),
        Point("account_manager", "acquisition", "b2b/account-manager", {"order": 0.85}),
        Point("order", "ordering", "b2b/order-by-email", {"delivery": 0.98},
              promises=(("next-day", "delivery"),)),
        Point("delivery", "fulfilment", "b2b/b2b-delivery", "invoice"),
        Point("invoice", "fulfilment", "b2b/invoice",
              {"account_review": 0.6, "technical_support": 0.1}),
        Point("account_review", "account_care", "b2b/key-account-review",
              {"loyal": 0.6, "advocate": 0.2}),
        Point("technical_support", "support", "b2b/technical-support",
              {"account_review": 0.7, "lost": 0.2}),
        Point("service_desk", "complaints", "services/complaint-hotline"),
        Point("loyal", outcome="loyal"),
        Point("advocate", outcome="advocate"),
        Point("lost", outcome="lost"),
    ),
    text={
        "en": {
            "title": "B2B supplier",
            "description": "A supplier selling to business accounts: quotes, orders by "
                           "e-mail, delivery, invoicing, account reviews and technical "
                           "support.",
            "segment.small": "Small accounts", "segment.large": "Large accounts",
            "stage.acquisition": "Winning the account", "stage.ordering": "Ordering",
            "stage.fulfilment": "Delivery and invoicing", "stage.account_care": "Account care",
            "stage.support": "Warranty and technical support",
            "stage.complaints": "Complaints",
            "name.quote_request": "Quote request",
            "name.account_manager": "Meeting the account manager",
            "name.order": "Order by e-mail", "name.delivery": "Delivery to the client's site",
            "name.invoice": "Invoice", "name.account_review": "Account review",
            "name.technical_support": "Technical support",
            "name.service_desk": "Service desk for complaints",
            "name.loyal": "Loyal account", "name.advocate": "Recommends the supplier",
            "name.lost": "Lost account",
            "promise.next-day": "Delivery on the next working day",
            "note.quote_request": "Treat small accounts as well as large ones: small "
                                  "clients grow and talk. Per-segment overrides go under "
                                  "`segments:` of a touchpoint.",
            "note.service_desk": "The complaint channel: a complaint resolved quickly wins "
                                 "a disappointed client back.",
        },
        "ru": {
            "title": "Поставщик для бизнеса",
            "description": "Поставщик, работающий с корпоративными клиентами: коммерческие "
                           "предложения, заказы по электронной почте, доставка, счета, "
                           "встречи по итогам сотрудничества и техническая поддержка.",
            "segment.small": "Малые клиенты", "segment.large": "Крупные клиенты",
            "stage.acquisition": "Привлечение клиента", "stage.ordering": "Заказ",
            "stage.fulfilment": "Доставка и счёт",
            "stage.account_care": "Сопровождение клиента",
            "stage.support": "Гарантия и техподдержка", "stage.complaints": "Претензии",
            "name.quote_request": "Запрос коммерческого предложения",
            "name.account_manager": "Встреча с менеджером по работе с клиентами",
            "name.order": "Заказ по электронной почте",
            "name.delivery": "Доставка клиенту", "name.invoice": "Счёт",
            "name.account_review": "Встреча по итогам сотрудничества",
            "name.technical_support": "Техническая поддержка",
            "name.service_desk": "Служба по работе с претензиями",
            "name.loyal": "Постоянный клиент", "name.advocate": "Рекомендует поставщика",
            "name.lost": "Потерянный клиент",
            "promise.next-day": "Доставка на следующий рабочий день",
            "note.quote_request": "Обслуживайте малых клиентов так же хорошо, как крупных: "
                                  "малые клиенты растут и рассказывают о вас другим. "
                                  "Отличия по сегментам задаются в `segments:` точки "
                                  "контакта.",
            "note.service_desk": "Канал для претензий: быстро решённая претензия "
                                 "возвращает разочарованного клиента.",
        },
        "bg": {
            "title": "Доставчик за фирми",
            "description": "Доставчик, който работи с фирмени клиенти: оферти, поръчки по "
                           "имейл, доставка, фактуриране, срещи за преглед на "
                           "сътрудничеството и техническа поддръжка.",
            "segment.small": "Малки клиенти", "segment.large": "Големи клиенти",
            "stage.acquisition": "Привличане на клиента", "stage.ordering": "Поръчка",
            "stage.fulfilment": "Доставка и фактуриране",
            "stage.account_care": "Обслужване на клиента",
            "stage.support": "Гаранция и техническа поддръжка",
            "stage.complaints": "Рекламации",
            "name.quote_request": "Запитване за оферта",
            "name.account_manager": "Среща с акаунт мениджъра",
            "name.order": "Поръчка по имейл", "name.delivery": "Доставка до клиента",
            "name.invoice": "Фактура",
            "name.account_review": "Среща за преглед на сътрудничеството",
            "name.technical_support": "Техническа поддръжка",
            "name.service_desk": "Отдел за рекламации",
            "name.loyal": "Лоялен клиент", "name.advocate": "Препоръчва доставчика",
            "name.lost": "Изгубен клиент",
            "promise.next-day": "Доставка на следващия работен ден",
            "note.quote_request": "Обслужвайте малките клиенти толкова добре, колкото "
                                  "големите: малките клиенти растат и разказват за вас. "
                                  "Разликите по сегменти се задават в `segments:` на "
                                  "точката на контакт.",
            "note.service_desk": "Канал за рекламации: бързо решената рекламация връща "
                                 "разочарования клиент.",
        },
    },
)
