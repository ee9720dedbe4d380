"""Screenshots of the main screens at 390 px, light and dark, for docs/screens/ and the README.

    make screens        (or: .venv/bin/python -m scripts.screens [--out docs/screens])

The app runs in this process on a throwaway SQLite database, with a made-up person: six weeks
of check-ins, a few parts with their relationships, a PHQ-9 and a practice. Chromium is
Debian's (/usr/bin/chromium) and htmx is served from the npm copy the browser tests use, so
nothing needs the internet. The pictures are what the browser draws, nothing is mocked: run it
again after changing a screen and commit what changed.
"""

from __future__ import annotations

import argparse
import logging
import random
import tempfile
import threading
import uuid
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
VIEWPORT = {"width": 390, "height": 844}
PASSWORD = "correct horse battery"
# (file name, address, what to do before the picture is taken)
SCREENS = (
    ("today", "/", None),
    ("history", "/checkins/?month={last_weeks}", None),
    ("map", "/parts/map", None),
    ("practice-step", "/practices/befriend-depressed-part", "practice_step"),
    ("questionnaire", "/measures/phq9", None),
)
PARTS = (("The Sleeper", "manager", "😴"), ("The Critic", "manager", ""),
         ("Little One", "exile", ""), ("The Scroller", "firefighter", "📱"),
         ("The Planner", "manager", ""))


def build_app(database: Path):
    from ifs_pwa import create_app
    from ifs_pwa.config import TestConfig
    from ifs_pwa.extensions import db

    settings = {k: getattr(TestConfig, k) for k in dir(TestConfig) if k.isupper()}
    settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"
    app = create_app(settings)
    with app.app_context():
        db.create_all()
    return app


def seed(app, username: str) -> None:
    """Six weeks of a person's life in the app, the same every run (a seeded generator)."""
    from sqlalchemy import select

    from ifs_pwa.auth.models import User
    from ifs_pwa.checkins.models import CheckIn
    from ifs_pwa.clock import from_local, today
    from ifs_pwa.extensions import db
    from ifs_pwa.measures.models import MeasureResult
    from ifs_pwa.parts.models import Part, PartRelation

    rng = random.Random(4)
    with app.app_context():
        owner = db.session.scalar(select(User).where(User.username_key == username))
        now = datetime.now(UTC)
        parts = []
        for name, role, emoji in PARTS:
            parts.append(Part(user_id=owner.id, client_id=uuid.uuid4(), name=name, role=role,
                              emoji=emoji or None, created_at=now, updated_at=now))
        db.session.add_all(parts)
        db.session.flush()
        sleeper, critic, little, scroller, _planner = parts
        db.session.add_all([
            PartRelation(user_id=owner.id, from_part_id=sleeper.id, to_part_id=little.id,
                         kind="protects", created_at=now),
            PartRelation(user_id=owner.id, from_part_id=critic.id, to_part_id=little.id,
                         kind="protects", created_at=now),
            PartRelation(user_id=owner.id, from_part_id=critic.id, to_part_id=scroller.id,
                         kind="polarised", created_at=now),
        ])
        local_today = today(owner.timezone)
        mood = 4
        for days_ago in range(42, 0, -1):
            if rng.random() < 0.2:
                continue  # days without a check-in are gaps, as in life
            mood = max(1, min(10, mood + rng.choice((-1, 0, 0, 1, 1))))
            day = local_today - timedelta(days=days_ago)
            checkin = CheckIn(user_id=owner.id, client_id=uuid.uuid4(), mood=mood,
                              energy=rng.randint(1, 5), note="", feelings=[],
                              occurred_at=from_local(datetime.combine(day, time(9, 30)),
                                                     owner.timezone),
                              local_date=day, created_at=now, updated_at=now)
            checkin.self_qualities = rng.sample(["calm", "curiosity", "compassion", "clarity"],
                                                rng.randint(0, 3))
            checkin.parts = rng.sample(parts, rng.randint(0, 2))
            db.session.add(checkin)
        taken = from_local(datetime.combine(local_today - timedelta(days=10), time(20)),
                           owner.timezone)
        db.session.add(MeasureResult(
            user_id=owner.id, client_id=uuid.uuid4(), instrument="phq9",
            answers={"items": [2, 2, 1, 2, 1, 1, 1, 0, 0], "difficulty": None}, score=10,
            band="moderate", item9_flag=False, taken_at=taken,
            local_date=local_today - timedelta(days=10)))
        db.session.commit()


def practice_step(page) -> None:
    """Into the befriending practice, on the step that finds the part."""
    for _ in range(8):
        if page.locator("[data-step=find]").is_visible():
            return
        if page.locator("[data-step=system_ok]").is_visible():
            page.check("text=Yes, it feels okay")  # is it okay with the system: yes
        page.click("[data-next]")
    raise SystemExit("the befriending practice never reached its 'find' step")


def serve(app):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per screen, not per request
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    from playwright.sync_api import sync_playwright

    from tests.browser.fixtures import CHROMIUM, CHROMIUM_ARGS, htmx_copy, serve_htmx, sign_up

    with tempfile.TemporaryDirectory() as folder:
        app = build_app(Path(folder) / "screens.db")
        server = serve(app)
        base = f"http://127.0.0.1:{server.server_port}"
        htmx_js = htmx_copy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            signed_in = None
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport=VIEWPORT, base_url=base,
                                              color_scheme=scheme, device_scale_factor=1,
                                              timezone_id="Europe/London",
                                              service_workers="block")
                context.route("https://cdn.jsdelivr.net/**", serve_htmx(htmx_js))
                page = context.new_page()
                if signed_in is None:
                    sign_up(page, "Robin", PASSWORD)
                    seed(app, "robin")
                    signed_in = context.cookies()
                else:
                    context.add_cookies(signed_in)
                # Early in a month its calendar is nearly empty: show the one the weeks fill.
                last_weeks = (date.today() - timedelta(days=15)).strftime("%Y-%m")
                for name, path, before in SCREENS:
                    page.goto(path.format(last_weeks=last_weeks))
                    page.wait_for_function("window.htmx !== undefined")
                    if before:
                        globals()[before](page)
                    page.evaluate("window.scrollTo(0, 0)")
                    target = args.out / f"{name}-{scheme}.png"
                    page.screenshot(path=str(target))
                    print(target)
                context.close()
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
