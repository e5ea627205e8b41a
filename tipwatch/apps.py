from django.apps import AppConfig


class TipwatchConfig(AppConfig):
    """Site-wide wiring that belongs to no one app: the login hook of the session expiry."""

    name = "tipwatch"
    verbose_name = "TIPWatch site"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from tipwatch.middleware import session_seen_at_login

        user_logged_in.connect(session_seen_at_login, dispatch_uid="tipwatch-session-seen")
