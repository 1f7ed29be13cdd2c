"""Starter: a business that serves customers by appointment (workshop, salon, clinic)."""
from .model import Point, Starter

STARTER = Starter(
    id="service",
    stages=(("booking", "sales"), ("visit", "sales"), ("aftercare", "after_sales"),
            ("guarantee", "warranty"), ("complaints", "complaint")),
    complaints="hotline",
    economics=(600, 80),
    points=(
        Point("phone_booking", "booking", "services/phone-booking", {"reminder": 0.99},
              promises=(("reminder", "reminder"),)),
        Point("reminder", "booking", "services/appointment-reminder", {"reception": 0.95}),
        Point("reception", "visit", "services/reception", {"service": 0.98}),
        Point("service", "visit", "services/service-appointment", {"ready_call": 0.98},
              promises=(("ready-call", "ready_call"),)),
        Point("ready_call", "visit", "services/callback-promise", {"follow_up": 0.9}),
        Point("follow_up", "aftercare", "services/follow-up-call",
              {"rework": 0.05, "repeat": 0.5, "advocate": 0.15}),
        Point("rework", "guarantee", "services/service-appointment",
              {"repeat": 0.5, "lost": 0.3}),
        Point("hotline", "complaints", "services/complaint-hotline"),
        Point("repeat", outcome="repeat_purchase"),
        Point("advocate", outcome="advocate"),
        Point("lost", outcome="lost"),
    ),
    text={
        "en": {
            "title": "Service workshop",
            "description": "A business that serves customers by appointment (a workshop, "
                           "salon or clinic): booking by phone, a reminder, the visit, a "
                           "call when the work is done, and a guarantee on the work.",
            "stage.booking": "Booking", "stage.visit": "The visit",
            "stage.aftercare": "After the visit", "stage.guarantee": "Guarantee on the work",
            "stage.complaints": "Complaints",
            "name.phone_booking": "Booking by phone",
            "name.reminder": "Reminder the day before", "name.reception": "Reception",
            "name.service": "The work itself", "name.ready_call": "Call when the work is done",
            "name.follow_up": "Follow-up call",
            "name.rework": "Free rework under guarantee",
            "name.hotline": "Complaint hotline",
            "name.repeat": "Comes back for the next service",
            "name.advocate": "Recommends the workshop", "name.lost": "Lost customer",
            "promise.reminder": "We will remind you the day before",
            "promise.ready-call": "We will call you as soon as the work is done",
            "note.ready_call": "A call-back that never comes is a broken promise, one of "
                               "the three classic mistakes that lose customers.",
            "note.rework": "The guarantee on the work: the same catalog entry as the work "
                           "itself, for the second visit.",
            "note.hotline": "The complaint channel: a complaint resolved quickly wins a "
                            "disappointed customer back.",
        },
        "ru": {
            "title": "Сервисная мастерская",
            "description": "Компания, обслуживающая клиентов по записи (мастерская, салон, "
                           "клиника): запись по телефону, напоминание, визит, звонок о "
                           "готовности и гарантия на работу.",
            "stage.booking": "Запись", "stage.visit": "Визит",
            "stage.aftercare": "После визита", "stage.guarantee": "Гарантия на работу",
            "stage.complaints": "Жалобы",
            "name.phone_booking": "Запись по телефону",
            "name.reminder": "Напоминание накануне", "name.reception": "Приём клиента",
            "name.service": "Выполнение работы", "name.ready_call": "Звонок о готовности",
            "name.follow_up": "Контрольный звонок",
            "name.rework": "Бесплатная переделка по гарантии",
            "name.hotline": "Горячая линия для жалоб", "name.repeat": "Приходит снова",
            "name.advocate": "Рекомендует мастерскую", "name.lost": "Потерянный клиент",
            "promise.reminder": "Мы напомним вам накануне",
            "promise.ready-call": "Мы позвоним, как только работа будет готова",
            "note.ready_call": "Обещанный звонок, который так и не поступил, — нарушенное "
                               "обещание, одна из трёх классических ошибок, из-за которых "
                               "теряют клиентов.",
            "note.rework": "Гарантия на работу: та же запись каталога, что и сама работа, "
                           "но для повторного визита.",
            "note.hotline": "Канал для жалоб: быстро решённая жалоба возвращает "
                            "разочарованного клиента.",
        },
        "bg": {
            "title": "Сервизна работилница",
            "description": "Фирма, която обслужва клиенти с предварително записан час "
                           "(работилница, салон, клиника): записване по телефона, "
                           "напомняне, посещение, обаждане при готовност и гаранция за "
                           "извършената работа.",
            "stage.booking": "Записване", "stage.visit": "Посещение",
            "stage.aftercare": "След посещението", "stage.guarantee": "Гаранция за работата",
            "stage.complaints": "Оплаквания",
            "name.phone_booking": "Записване по телефона",
            "name.reminder": "Напомняне предния ден", "name.reception": "Рецепция",
            "name.service": "Извършване на услугата",
            "name.ready_call": "Обаждане при готовност",
            "name.follow_up": "Последващо обаждане",
            "name.rework": "Безплатна поправка по гаранция",
            "name.hotline": "Телефон за оплаквания", "name.repeat": "Идва отново",
            "name.advocate": "Препоръчва сервиза", "name.lost": "Изгубен клиент",
            "promise.reminder": "Ще ви напомним предния ден",
            "promise.ready-call": "Ще ви се обадим веднага щом работата е готова",
            "note.ready_call": "Обещано обаждане, което така и не идва, е нарушено "
                               "обещание — една от трите класически грешки, заради които "
                               "се губят клиенти.",
            "note.rework": "Гаранцията за работата: същият запис от каталога като самата "
                           "услуга, но за второто посещение.",
            "note.hotline": "Канал за оплаквания: бързо решеното оплакване връща "
                            "разочарования клиент.",
        },
    },
)
