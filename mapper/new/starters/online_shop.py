"""Starter: an online shop with courier delivery and a third-party service centre."""
from .model import Point, Starter

STARTER = Starter(
    id="online-shop",
    stages=(("awareness", "sales"), ("choice", "sales"), ("purchase", "sales"),
            ("delivery", "sales"), ("use", "after_sales"), ("warranty", "warranty"),
            ("repeat", "sales"), ("complaints", "complaint")),
    complaints="hotline",
    economics=(1200, 300),
    points=(
        Point("search_ad", "awareness", "online/search-ad", {"website": 0.6}),
        Point("website", "choice", "online/website", {"product_page": 0.8}),
        Point("product_page", "choice", "online/product-page", {"checkout": 0.35}),
        Point("checkout", "purchase", "retail/online-checkout", {"confirmation": 0.97}),
        Point("confirmation", "purchase", "online/order-confirmation-email", "courier",
              promises=(("delivery-3-days", "courier"),)),
        Point("courier", "delivery", "online/courier-delivery", {"usage": 0.98},
              third_party=True),
        Point("usage", "use", "retail/product-use-at-home",
              {"warranty_repair": 0.03, "newsletter": 0.6}),
        Point("warranty_repair", "warranty", "services/warranty-repair-centre",
              {"newsletter": 0.8, "lost": 0.1}, third_party=True),
        Point("newsletter", "repeat", "online/newsletter", {"repeat": 0.3, "loyal": 0.2}),
        Point("hotline", "complaints", "services/complaint-hotline"),
        Point("repeat", outcome="repeat_purchase"),
        Point("loyal", outcome="loyal"),
        Point("lost", outcome="lost"),
    ),
    text={
        "en": {
            "title": "Online shop",
            "description": "An online shop: ads bring visitors to the website, a courier "
                           "delivers the orders and an authorised service centre does the "
                           "warranty repairs.",
            "stage.awareness": "Awareness", "stage.choice": "Choosing a product",
            "stage.purchase": "Purchase", "stage.delivery": "Delivery", "stage.use": "Use",
            "stage.warranty": "Warranty repair", "stage.repeat": "Repeat purchase",
            "stage.complaints": "Complaints",
            "name.search_ad": "Search ad", "name.website": "Shop website",
            "name.product_page": "Product page", "name.checkout": "Checkout and payment",
            "name.confirmation": "Order confirmation e-mail",
            "name.courier": "Courier delivery", "name.usage": "Using the product",
            "name.warranty_repair": "Warranty repair at the service centre",
            "name.newsletter": "Newsletter with offers",
            "name.hotline": "Complaint hotline", "name.repeat": "Repeat purchase",
            "name.loyal": "Loyal customer", "name.lost": "Lost customer",
            "promise.delivery-3-days": "Delivery within 3 working days",
            "owner.courier": "Courier company",
            "owner.warranty_repair": "Authorised service centre",
            "note.confirmation": "The e-mail confirms the delivery date: a promise the "
                                 "courier keeps or breaks.",
            "note.courier": "A third party delivers, but the customer holds the shop "
                            "responsible.",
            "note.warranty_repair": "The service centre is a third party too; the customer "
                                    "still blames the shop for a slow repair.",
            "note.hotline": "The complaint channel: a complaint resolved quickly wins a "
                            "disappointed customer back.",
        },
        "ru": {
            "title": "Интернет-магазин",
            "description": "Интернет-магазин: реклама приводит посетителей на сайт, заказы "
                           "доставляет курьерская служба, гарантийный ремонт выполняет "
                           "авторизованный сервисный центр.",
            "stage.awareness": "Знакомство с магазином", "stage.choice": "Выбор товара",
            "stage.purchase": "Покупка", "stage.delivery": "Доставка",
            "stage.use": "Использование", "stage.warranty": "Гарантийный ремонт",
            "stage.repeat": "Повторная покупка", "stage.complaints": "Жалобы",
            "name.search_ad": "Реклама в поиске", "name.website": "Сайт магазина",
            "name.product_page": "Карточка товара",
            "name.checkout": "Оформление и оплата заказа",
            "name.confirmation": "Письмо с подтверждением заказа",
            "name.courier": "Доставка курьером", "name.usage": "Использование товара",
            "name.warranty_repair": "Гарантийный ремонт в сервисном центре",
            "name.newsletter": "Рассылка с предложениями",
            "name.hotline": "Горячая линия для жалоб", "name.repeat": "Повторная покупка",
            "name.loyal": "Постоянный клиент", "name.lost": "Потерянный клиент",
            "promise.delivery-3-days": "Доставка в течение 3 рабочих дней",
            "owner.courier": "Курьерская служба",
            "owner.warranty_repair": "Авторизованный сервисный центр",
            "note.confirmation": "Письмо называет срок доставки: это обещание выполняет "
                                 "или нарушает курьер.",
            "note.courier": "Доставляет сторонняя компания, но клиент спрашивает с "
                            "магазина.",
            "note.warranty_repair": "Сервисный центр тоже сторонний; за долгий ремонт клиент "
                                    "всё равно винит магазин.",
            "note.hotline": "Канал для жалоб: быстро решённая жалоба возвращает "
                            "разочарованного клиента.",
        },
        "bg": {
            "title": "Онлайн магазин",
            "description": "Онлайн магазин: рекламата води посетители към сайта, "
                           "поръчките се доставят от куриерска фирма, а гаранционните "
                           "ремонти се извършват от оторизиран сервиз.",
            "stage.awareness": "Информиране", "stage.choice": "Избор на продукт",
            "stage.purchase": "Покупка", "stage.delivery": "Доставка",
            "stage.use": "Употреба", "stage.warranty": "Гаранционен ремонт",
            "stage.repeat": "Повторна покупка", "stage.complaints": "Оплаквания",
            "name.search_ad": "Реклама в търсачката", "name.website": "Сайт на магазина",
            "name.product_page": "Продуктова страница", "name.checkout": "Поръчка и плащане",
            "name.confirmation": "Имейл за потвърждение на поръчката",
            "name.courier": "Доставка с куриер", "name.usage": "Употреба на продукта",
            "name.warranty_repair": "Гаранционен ремонт в сервиза",
            "name.newsletter": "Бюлетин с оферти",
            "name.hotline": "Телефон за оплаквания", "name.repeat": "Повторна покупка",
            "name.loyal": "Лоялен клиент", "name.lost": "Изгубен клиент",
            "promise.delivery-3-days": "Доставка до 3 работни дни",
            "owner.courier": "Куриерска фирма",
            "owner.warranty_repair": "Оторизиран сервиз",
            "note.confirmation": "Имейлът потвърждава срока на доставка: обещание, което "
                                 "куриерът изпълнява или нарушава.",
            "note.courier": "Доставя външна фирма, но клиентът държи отговорен магазина.",
            "note.warranty_repair": "Сервизът също е външна фирма; за бавен ремонт клиентът "
                                    "пак обвинява магазина.",
            "note.hotline": "Канал за оплаквания: бързо решеното оплакване връща "
                            "разочарования клиент.",
        },
    },
)
