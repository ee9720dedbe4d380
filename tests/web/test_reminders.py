"""Reminders: subscriptions, the settings, and `send-due` against a stand-in push service.

The push service runs on 127.0.0.1 inside the test. What it receives is decrypted with the
subscriber's own private key (aes128gcm, as the phone does) and its VAPID token is verified,
so these tests see exactly what would cross a real push service.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time as wall_clock
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ifs_pwa.auth.models import User
from ifs_pwa.extensions import db
from ifs_pwa.reminders import sending
from ifs_pwa.reminders.models import PushSubscription, ReminderSettings
from ifs_pwa.reminders.schedule import due_moment
from ifs_pwa.reminders.sending import send_due
from ifs_pwa.reminders.wording import CHECKIN, PRACTICE, TAG
from tests.conftest import AuthActions
from tests.web.reminder_helpers import (
    Subscriber,
    start_push_service,
    unb64url,
    verified_vapid_claims,
)

ROOT = Path(__file__).resolve().parents[2]
LONDON = "Europe/London"


@pytest.fixture
def push_service():
    service = start_push_service()
    yield service
    service.server.shutdown()
    service.server.server_close()


class Person:
    """Someone using the app in their own browser (test client), with one or more devices."""

    def __init__(self, app, name: str, timezone: str = "UTC"):
        self.app, self.name = app, name
        self.client = app.test_client()
        self.auth = AuthActions(self.client)
        assert self.auth.signup(name, timezone=timezone).status_code == 302
        with app.app_context():
            user = db.session.scalar(select(User).where(User.username == name))
            user.timezone = timezone
            db.session.commit()
            self.id = user.id

    def settings(self, **values):
        data = {"enabled": "y", "remind_at": "09:00", "days": [str(n) for n in range(7)],
                "skip_if_checked_in": "y", "evening_at": "", **values}
        data = {k: v for k, v in data.items() if v is not None}
        return self.auth.post("/reminders/settings", data)

    def subscribe(self, subscriber: Subscriber):
        return self.client.post("/reminders/subscription", json=subscriber.json(),
                                headers={"X-CSRFToken": self.auth.token("/more")})


def at_local(day: date, hh: int, mm: int, tz: str) -> datetime:
    from ifs_pwa.clock import from_local
    return from_local(datetime(day.year, day.month, day.day, hh, mm), tz)


def run_at(app, moment: datetime):
    with app.app_context():
        return send_due(moment)


# Subscriptions ------------------------------------------------------------------------------

def test_subscribing_needs_csrf_and_a_sign_in(app, push_service):
    person = Person(app, "robin")
    sub = Subscriber(push_service.origin + "/robin")
    assert person.client.post("/reminders/subscription", json=sub.json()).status_code == 400
    anonymous = app.test_client()
    response = anonymous.post("/reminders/subscription", json=sub.json())
    assert response.status_code in (302, 400)
    with app.app_context():
        assert db.session.scalar(select(PushSubscription)) is None


@pytest.mark.parametrize("change, words", [
    (lambda d: d.pop("keys"), "no keys"),
    (lambda d: d.update(endpoint="ftp://example.com/x"), "https"),
    (lambda d: d.update(endpoint=None), "no usable endpoint"),
    (lambda d: d["keys"].update(p256dh="short"), "p256dh"),
    (lambda d: d["keys"].update(auth="%%%"), "auth"),
])
def test_a_bad_subscription_is_a_clear_400(app, push_service, change, words):
    person = Person(app, "robin")
    document = Subscriber(push_service.origin + "/robin").json()
    change(document)
    response = person.client.post("/reminders/subscription", json=document,
                                  headers={"X-CSRFToken": person.auth.token("/more")})
    assert response.status_code == 400
    assert words in response.get_json()["message"]


def test_several_devices_and_forgetting_one(app, push_service):
    person = Person(app, "robin")
    phone, laptop = (Subscriber(push_service.origin + p) for p in ("/phone", "/laptop"))
    assert person.subscribe(phone).status_code == 201
    assert person.subscribe(phone).status_code == 200  # the same device again: still one
    assert person.subscribe(laptop).get_json()["devices"] == 2
    response = person.client.post("/reminders/subscription/delete",
                                  json={"endpoint": phone.endpoint},
                                  headers={"X-CSRFToken": person.auth.token("/more")})
    assert response.get_json() == {"ok": True, "removed": True, "devices": 1}


def test_a_second_person_on_the_same_phone_takes_the_subscription_over(app, push_service):
    robin, sam = Person(app, "robin"), Person(app, "sam")
    phone = Subscriber(push_service.origin + "/shared-phone")
    robin.subscribe(phone)
    assert sam.subscribe(phone).status_code == 201
    with app.app_context():
        owners = db.session.scalars(select(PushSubscription.user_id)).all()
    assert owners == [sam.id]


def test_nobody_can_forget_another_persons_device(app, push_service):
    robin, sam = Person(app, "robin"), Person(app, "sam")
    phone = Subscriber(push_service.origin + "/robin")
    robin.subscribe(phone)
    response = sam.client.post("/reminders/subscription/delete", json={"endpoint": phone.endpoint},
                               headers={"X-CSRFToken": sam.auth.token("/more")})
    assert response.get_json()["removed"] is False
    with app.app_context():
        assert db.session.scalar(select(PushSubscription.user_id)) == robin.id


# Settings -----------------------------------------------------------------------------------

def test_settings_are_saved_and_shown_on_the_account_page(app):
    person = Person(app, "robin")
    response = person.settings(remind_at="07:45", days=["0", "2", "4"], skip_if_checked_in=None,
                               evening_at="21:15")
    assert response.status_code == 303
    page = person.client.get("/account").get_data(as_text=True)
    assert 'value="07:45"' in page and 'value="21:15"' in page
    with app.app_context():
        settings = db.session.scalar(select(ReminderSettings))
        assert (settings.days, settings.skip_if_checked_in) == (0b10101, False)


@pytest.mark.parametrize("values, words", [
    ({"remind_at": "25:00"}, "like 09:00"),
    ({"remind_at": ""}, "like 09:00"),
    ({"evening_at": "evening"}, "like 09:00"),
    ({"days": None}, "at least one day"),
])
def test_bad_settings_say_why_and_keep_what_was_typed(app, values, words):
    person = Person(app, "robin")
    response = person.settings(**{"remind_at": "08:10", **values})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert words in page
    typed = values.get("remind_at", "08:10")
    assert f'value="{typed}"' in page or typed == ""


# Sending ------------------------------------------------------------------------------------

def test_the_push_arrives_encrypted_signed_and_says_nothing_personal(app, push_service):
    person = Person(app, "robin", LONDON)
    person.settings(remind_at="09:00")
    phone = Subscriber(push_service.origin + "/robin-phone")
    person.subscribe(phone)
    day = date(2026, 6, 10)
    report = run_at(app, at_local(day, 9, 0, LONDON))
    assert report.sent == 1
    [received] = push_service.to("/robin-phone")
    assert received.headers["content-encoding"] == "aes128gcm"
    message = phone.decrypt(received.body)
    assert message["body"] in CHECKIN and message["tag"] == TAG and message["url"] == "/"
    assert set(message) == {"title", "body", "url", "tag", "kind"}
    assert "robin" not in str(message).lower()
    claims = verified_vapid_claims(received.headers["authorization"])
    assert claims["aud"] == push_service.origin
    assert claims["sub"] == app.config["VAPID_SUBJECT"]
    assert wall_clock.time() < claims["exp"] <= wall_clock.time() + 24 * 3600
    with app.app_context():
        from ifs_pwa.reminders.vapid import public_key
        assert claims["_k"] == public_key()


def test_twice_in_the_same_minute_sends_once(app, push_service):
    people = [Person(app, f"person{n}") for n in range(3)]
    for n, person in enumerate(people):
        person.settings(remind_at="10:00")
        person.subscribe(Subscriber(push_service.origin + f"/p{n}"))
    moment = datetime(2026, 6, 10, 10, 0, tzinfo=UTC)
    assert run_at(app, moment).sent == 3
    assert run_at(app, moment).sent == 0
    assert run_at(app, moment + timedelta(minutes=1)).sent == 0
    assert sorted(r.path for r in push_service.received) == ["/p0", "/p1", "/p2"]


def test_not_before_its_time_and_not_hours_late(app, push_service):
    person = Person(app, "robin")
    person.settings(remind_at="10:00")
    person.subscribe(Subscriber(push_service.origin + "/robin"))
    day = datetime(2026, 6, 10, tzinfo=UTC)
    assert run_at(app, day.replace(hour=9, minute=59)).sent == 0
    assert run_at(app, day.replace(hour=13)).sent == 0  # a sender down all morning stays quiet
    assert run_at(app, day.replace(hour=10, minute=5)).sent == 1  # a few minutes late is fine


def test_only_on_the_chosen_days(app, push_service):
    person = Person(app, "robin")
    person.settings(remind_at="10:00", days=["2"])  # Wednesday
    person.subscribe(Subscriber(push_service.origin + "/robin"))
    assert run_at(app, datetime(2026, 6, 9, 10, 0, tzinfo=UTC)).sent == 0  # a Tuesday
    assert run_at(app, datetime(2026, 6, 10, 10, 0, tzinfo=UTC)).sent == 1  # a Wednesday


def test_skip_if_checked_in_sends_nothing_to_someone_who_checked_in(app, push_service):
    from ifs_pwa.checkins.models import CheckIn
    checked, not_yet = Person(app, "checked"), Person(app, "notyet")
    for person in (checked, not_yet):
        person.settings(remind_at="18:00")
        person.subscribe(Subscriber(push_service.origin + "/" + person.name))
    day = date(2026, 6, 10)
    with app.app_context():
        db.session.add(CheckIn(user_id=checked.id, client_id=__import__("uuid").uuid4(), mood=5,
                               occurred_at=datetime(2026, 6, 10, 8, tzinfo=UTC), local_date=day))
        db.session.commit()
    report = run_at(app, datetime(2026, 6, 10, 18, 0, tzinfo=UTC))
    assert (report.sent, report.skipped) == (1, 1)
    assert [r.path for r in push_service.received] == ["/notyet"]


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_removed_and_others_still_get_theirs(app, push_service, status):
    person = Person(app, "robin")
    person.settings(remind_at="10:00")
    gone, kept = Subscriber(push_service.origin + "/gone"), Subscriber(push_service.origin + "/ok")
    person.subscribe(gone)
    person.subscribe(kept)
    push_service.answers["/gone"] = status
    report = run_at(app, datetime(2026, 6, 10, 10, 0, tzinfo=UTC))
    assert (report.sent, report.removed) == (1, 1)
    with app.app_context():
        assert db.session.scalars(select(PushSubscription.endpoint)).all() == [kept.endpoint]


def test_a_refusing_push_service_keeps_the_subscription(app, push_service):
    person = Person(app, "robin")
    person.settings(remind_at="10:00")
    person.subscribe(Subscriber(push_service.origin + "/busy"))
    push_service.answers["/busy"] = 503
    report = run_at(app, datetime(2026, 6, 10, 10, 0, tzinfo=UTC))
    assert (report.sent, report.failed, report.removed) == (0, 1, 0)
    with app.app_context():
        assert db.session.scalar(select(PushSubscription)) is not None


def test_the_evening_reminder_is_a_practice_and_comes_on_its_own(app, push_service):
    person = Person(app, "robin")
    person.settings(remind_at="09:00", evening_at="20:30")
    phone = Subscriber(push_service.origin + "/robin")
    person.subscribe(phone)
    run_at(app, datetime(2026, 6, 10, 9, 0, tzinfo=UTC))
    assert run_at(app, datetime(2026, 6, 10, 20, 30, tzinfo=UTC)).sent == 1
    evening = phone.decrypt(push_service.received[-1].body)
    assert evening["kind"] == "practice" and evening["body"] in PRACTICE
    assert evening["url"] == "/breathe"


def test_switched_off_means_nothing_is_sent(app, push_service):
    person = Person(app, "robin")
    person.settings(remind_at="10:00", enabled=None)
    person.subscribe(Subscriber(push_service.origin + "/robin"))
    assert run_at(app, datetime(2026, 6, 10, 10, 0, tzinfo=UTC)).sent == 0


# Time zones and DST -------------------------------------------------------------------------

def test_london_at_nine_stays_nine_across_the_spring_change(app, push_service, monkeypatch):
    """The clocks go forward on 29 March 2026: 09:00 is 09:00 UTC before, 08:00 UTC after."""
    person = Person(app, "robin", LONDON)
    person.settings(remind_at="09:00")
    person.subscribe(Subscriber(push_service.origin + "/robin"))

    def frozen_at(moment):
        monkeypatch.setattr(sending, "utcnow", lambda: moment)
        with app.app_context():
            return send_due().sent

    assert frozen_at(datetime(2026, 3, 28, 8, 0, tzinfo=UTC)) == 0
    assert frozen_at(datetime(2026, 3, 28, 9, 0, tzinfo=UTC)) == 1
    assert frozen_at(datetime(2026, 3, 30, 7, 59, tzinfo=UTC)) == 0
    assert frozen_at(datetime(2026, 3, 30, 8, 0, tzinfo=UTC)) == 1
    assert frozen_at(datetime(2026, 3, 30, 9, 0, tzinfo=UTC)) == 0
    assert len(push_service.received) == 2


def test_london_at_nine_across_the_autumn_change(app, push_service, monkeypatch):
    person = Person(app, "robin", LONDON)
    person.settings(remind_at="09:00")
    person.subscribe(Subscriber(push_service.origin + "/robin"))
    sent = []
    for moment in (datetime(2026, 10, 24, 8, 0, tzinfo=UTC), datetime(2026, 10, 26, 8, 0,
                   tzinfo=UTC), datetime(2026, 10, 26, 9, 0, tzinfo=UTC)):
        monkeypatch.setattr(sending, "utcnow", lambda m=moment: m)
        with app.app_context():
            sent.append(send_due().sent)
    assert sent == [1, 0, 1]  # 08:00 UTC is 09:00 BST on the 24th, 08:00 GMT on the 26th


def test_a_time_the_clocks_skip_goes_at_the_next_valid_minute(app, push_service):
    """01:30 doesn't exist in London on 29 March 2026 (01:00 GMT jumps to 02:00 BST)."""
    assert due_moment(date(2026, 3, 29), __import__("datetime").time(1, 30), LONDON) == \
        datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    person = Person(app, "robin", LONDON)
    person.settings(remind_at="01:30")
    person.subscribe(Subscriber(push_service.origin + "/robin"))
    assert run_at(app, datetime(2026, 3, 29, 0, 59, tzinfo=UTC)).sent == 0
    assert run_at(app, datetime(2026, 3, 29, 1, 0, tzinfo=UTC)).sent == 1


def test_a_time_that_happens_twice_is_sent_once(app, push_service):
    """01:30 happens twice in London on 25 October 2026: once in BST, once in GMT."""
    person = Person(app, "robin", LONDON)
    person.settings(remind_at="01:30")
    person.subscribe(Subscriber(push_service.origin + "/robin"))
    assert run_at(app, datetime(2026, 10, 25, 0, 30, tzinfo=UTC)).sent == 1
    assert run_at(app, datetime(2026, 10, 25, 1, 30, tzinfo=UTC)).sent == 0


# Two processes at once ----------------------------------------------------------------------

def cli_env(app) -> dict:
    keys = app.config["ENCRYPTION_KEYS"]
    return {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": app.config["SECRET_KEY"],
            "ENCRYPTION_KEYS": ",".join(keys) if isinstance(keys, list) else keys,
            "VAPID_PRIVATE_KEY": app.config["VAPID_PRIVATE_KEY"],
            "VAPID_SUBJECT": app.config["VAPID_SUBJECT"], "RATELIMIT_ENABLED": "off"}


def test_two_processes_at_once_send_exactly_one_each(app, push_service):
    people = [Person(app, f"person{n}") for n in range(6)]
    # Due now, on the real clock: set two minutes ago, well inside the late limit.
    local = (datetime.now(UTC) - timedelta(minutes=2)).strftime("%H:%M")
    for n, person in enumerate(people):
        person.settings(remind_at=local)
        person.subscribe(Subscriber(push_service.origin + f"/p{n}"))
    command = [sys.executable, "-m", "flask", "--app", "wsgi", "reminders", "send-due"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=cli_env(app), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs), outputs
    assert sorted(r.path for r in push_service.received) == [f"/p{n}" for n in range(6)]
    said = sorted(int(out.split()[1].rstrip(",")) for out, _ in outputs)
    assert sum(said) == 6, outputs


# The export, deleting the account, the keys, the offer -------------------------------------

def test_the_export_names_each_device_by_its_host_only(app, push_service):
    person = Person(app, "robin")
    person.settings(remind_at="08:15", days=["0", "6"], evening_at="")
    phone = Subscriber("https://fcm.googleapis.com/fcm/send/secret-token-123")
    person.subscribe(phone)
    document = person.client.get("/account/export.json").get_json()
    assert document["reminders"] == {
        "enabled": True, "remind_at": "08:15", "days": ["Monday", "Sunday"],
        "skip_if_checked_in": True, "evening_at": None,
        "devices": [{"host": "fcm.googleapis.com", "added_at": document["reminders"]["devices"]
                     [0]["added_at"]}]}
    raw = person.client.get("/account/export.json").get_data(as_text=True)
    assert "secret-token-123" not in raw and phone.json()["keys"]["auth"] not in raw


def test_an_export_without_reminders_says_null(app):
    person = Person(app, "robin")
    assert person.client.get("/account/export.json").get_json()["reminders"] is None


def test_deleting_the_account_deletes_its_devices_and_settings(app, push_service):
    person, other = Person(app, "robin"), Person(app, "samuel")
    for who in (person, other):
        who.settings()
        who.subscribe(Subscriber(push_service.origin + "/" + who.name))
    response = person.auth.post("/account/delete", {"username": "robin"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalars(select(PushSubscription.user_id)).all() == [other.id]
        assert db.session.scalars(select(ReminderSettings.user_id)).all() == [other.id]


def test_vapid_key_is_made_once_in_the_instance_folder(tmp_path):
    from ifs_pwa.reminders import vapid
    first = vapid.load("", tmp_path)
    again = vapid.load("", tmp_path)
    assert (tmp_path / vapid.FILE_NAME).stat().st_mode & 0o777 == 0o600
    assert first.public_key.public_numbers() == again.public_key.public_numbers()


def test_vapid_key_from_the_environment_and_on_the_page(app):
    from ifs_pwa.reminders import vapid
    with app.app_context():
        key = vapid.public_key()
    assert len(unb64url(key)) == 65 and unb64url(key)[0] == 4  # an uncompressed P-256 point
    person = Person(app, "robin")
    assert f'data-key="{key}"' in person.client.get("/account").get_data(as_text=True)


def checkin_on(app, person, day: date, n: int = 1) -> None:
    import uuid

    from ifs_pwa.checkins.models import CheckIn
    with app.app_context():
        for _ in range(n):
            db.session.add(CheckIn(user_id=person.id, client_id=uuid.uuid4(), mood=5,
                                   occurred_at=datetime.combine(day, datetime.min.time(), UTC),
                                   local_date=day))
        db.session.commit()


OFFER = "Would a gentle reminder help?"


def test_the_offer_never_comes_on_the_first_day(app):
    person = Person(app, "robin")
    checkin_on(app, person, datetime.now(UTC).date(), n=4)
    assert OFFER not in person.client.get("/").get_data(as_text=True)
    from ifs_pwa.reminders.offer import should_offer
    with app.app_context():
        assert should_offer(db.session.get(User, person.id)) is False  # four, but all today
        checkin_on(app, person, datetime.now(UTC).date() - timedelta(days=1))
        assert should_offer(db.session.get(User, person.id)) is True


def test_the_offer_comes_after_a_few_checkins_and_once(app):
    person = Person(app, "robin")
    today = datetime.now(UTC).date()
    checkin_on(app, person, today - timedelta(days=2), n=1)
    assert OFFER not in person.client.get("/").get_data(as_text=True)  # one is not a few
    checkin_on(app, person, today - timedelta(days=1), n=2)
    assert OFFER in person.client.get("/").get_data(as_text=True)
    assert person.auth.post("/reminders/offer/not-now").status_code == 303
    assert OFFER not in person.client.get("/").get_data(as_text=True)


def test_saving_settings_answers_the_offer(app):
    person = Person(app, "robin")
    checkin_on(app, person, datetime.now(UTC).date() - timedelta(days=3), n=3)
    assert OFFER in person.client.get("/").get_data(as_text=True)
    person.settings(enabled=None)
    assert OFFER not in person.client.get("/").get_data(as_text=True)


class Stop(Exception):
    """Ends the otherwise endless loop from inside its sleep."""


def test_run_sends_each_minute_and_outlives_a_bad_minute(app, push_service, monkeypatch):
    """`flask reminders run`: a minute that fails (the database restarting, say) is reported,
    and the loop goes on to the next minute, which sends."""
    from ifs_pwa.reminders import views

    person = Person(app, "robin")
    person.settings(remind_at=(datetime.now(UTC) - timedelta(minutes=1)).strftime("%H:%M"))
    person.subscribe(Subscriber(push_service.origin + "/robin"))
    minutes = []

    def flaky_send_due():
        minutes.append(len(minutes))
        if len(minutes) == 1:
            raise RuntimeError("the database is restarting")
        return send_due()

    def sleep(seconds):
        assert 0 < seconds <= 60.5
        if len(minutes) == 2:
            raise Stop

    monkeypatch.setattr(views, "send_due", flaky_send_due)
    monkeypatch.setattr(views.wall_clock, "sleep", sleep)
    result = app.test_cli_runner().invoke(args=["reminders", "run"])
    assert isinstance(result.exception, Stop), result.output
    assert "this minute failed" in result.output
    assert [r.path for r in push_service.received] == ["/robin"]
