from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckinConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "checkin"
    verbose_name = _("Clinic check-in")

    def ready(self) -> None:
        from accounts.twofactor.services import second_factor_check_register
        from checkin.services import clinic_staff_exists

        # Whoever works at a clinic desk signs in with the second step, whatever their role.
        second_factor_check_register(clinic_staff_exists)
