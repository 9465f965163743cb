from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "employers"
    verbose_name = _("Employer portal")

    def ready(self) -> None:
        from accounts.twofactor.services import second_factor_check_register
        from employers.access import employer_membership_exists

        # Anyone who acts for an employer signs in with the second step, whatever their role.
        second_factor_check_register(employer_membership_exists)
