from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and sign-in")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import services

        user_logged_in.connect(services.account_session_record_on_login, dispatch_uid="accounts.session_record")
