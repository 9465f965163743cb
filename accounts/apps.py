from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from accounts.metrics import lockout_count, signin_failure_count

        from . import services

        user_logged_in.connect(services.account_session_record_on_login, dispatch_uid="accounts.session_record")
        user_login_failed.connect(signin_failure_count, dispatch_uid="accounts.metrics.signin_failure_count")
        user_locked_out.connect(lockout_count, dispatch_uid="accounts.metrics.lockout_count")
