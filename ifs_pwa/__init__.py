"""Befriend: an IFS self-practice companion for depression, served as a progressive web app."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import assets, crypto, errors, htmx, inputs, keys, pagecache, security, ui
from .auth import session_csrf
from .config import Config
from .extensions import csrf, db, limiter, login_manager, migrate
from .pwa import background

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: type | dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, error pages, CLI.

    `config` (a class or a mapping) overrides what the environment says; tests pass TestConfig.
    """
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(Config)
    # Every static URL carries a content hash (ui.asset_url), so a year of caching is safe.
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 31536000
    app.config.update(Config.from_env(Path(app.instance_path)))
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)

    trust_proxies(app)
    background.init_app(app)  # the worker's own requests never write the session
    crypto.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    session_csrf.init_app(app)  # settles a device's CSRF secret before csrf's check reads it
    csrf.init_app(app)
    inputs.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    register_blueprints(app)
    if app.config.get("BENCHMARK_HELLO"):
        # The baseline the benchmarks divide by: same server, same middleware, no work.
        app.add_url_rule("/__hello", "hello", lambda: "hello")
    assets.init_app(app)
    ui.init_app(app)
    htmx.init_app(app)
    pagecache.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    keys.init_app(app)
    return app


def trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address, scheme and host from
    their X-Forwarded-* headers: sign-in limits then count per person, not per proxy, and HSTS
    and secure cookies see HTTPS. Off by default, since anyone can send those headers."""
    hops = app.config.get("TRUSTED_PROXIES", 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_blueprints(app: Flask) -> None:
    """One blueprint per domain; imported here so models register before migrations run."""
    from .account.views import bp as account_bp
    from .auth.views import bp as auth_bp
    from .breathing.views import bp as breathing_bp
    from .checkins.views import bp as checkins_bp
    from .core.views import bp as core_bp
    from .measures.views import bp as measures_bp
    from .parts.views import bp as parts_bp
    from .portability.views import bp as portability_bp
    from .practices.views import bp as practices_bp
    from .privacy.views import bp as privacy_bp
    from .pwa.views import bp as pwa_bp
    from .reminders.views import bp as reminders_bp
    from .safety.views import bp as safety_bp

    for blueprint in (core_bp, auth_bp, account_bp, safety_bp, measures_bp, checkins_bp,
                      parts_bp, practices_bp, breathing_bp, portability_bp, pwa_bp, privacy_bp,
                      reminders_bp):
        app.register_blueprint(blueprint)
