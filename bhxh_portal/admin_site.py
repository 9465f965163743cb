"""The admin of the agency: its titles, the two-step sign-in in front of every page, and Django's and other
libraries' models (tokens, authenticator devices, sign-in logs, schedules, sessions) for superusers only.

Every ModelAdmin of the project derives from participants.admin_base.ModelAdmin (a test checks it)."""

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models.base import ModelBase
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from accounts.twofactor.decorators import is_second_factor_satisfied

# The apps whose models the agency's officers work with; every other registered model is a library's.
PROJECT_APPS = frozenset(
    {"participants", "accounts", "benefits", "employers", "checkin", "reminders", "coverage_stats", "bhxh_portal"}
)


class SuperuserOnlyAdmin:
    """Mixed in front of a library's ModelAdmin: hidden from the index and closed (403) to anyone but a
    superuser, whatever permissions the staff account holds."""

    def has_module_permission(self, request):
        return request.user.is_superuser and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args, **kwargs):
        return request.user.is_superuser and super().has_add_permission(request, *args, **kwargs)

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


class AgencyAdminSite(admin.AdminSite):
    site_header = _("Vietnam Social Security — administration")
    site_title = _("Vietnam Social Security")
    index_title = _("Administration")
    index_template = "admin/dashboard_index.html"

    def index(self, request, extra_context=None):
        """The dashboard (bhxh_portal/dashboard.py, docs/dashboard.md) above the usual list of models."""
        # Imported here: this module is loaded with the apps (AgencyAdminConfig), before any model can be.
        from .dashboard_views import dashboard_context

        return super().index(request, extra_context={**dashboard_context(request), **(extra_context or {})})

    def get_urls(self):
        from .dashboard_views import dashboard_csv

        csv_view = self.admin_view(dashboard_csv)
        return [
            path("dashboard/<slug:table>.csv", csv_view, name="dashboard_csv"),
            *super().get_urls(),
        ]

    def register(self, model_or_iterable, admin_class=None, **options):
        models = [model_or_iterable] if isinstance(model_or_iterable, ModelBase) else list(model_or_iterable)
        for model in models:
            model_admin = admin_class or admin.ModelAdmin
            if model._meta.app_label not in PROJECT_APPS and not issubclass(model_admin, SuperuserOnlyAdmin):
                model_admin = type(model_admin.__name__, (SuperuserOnlyAdmin, model_admin), {})
            super().register(model, model_admin, **options)

    def has_permission(self, request):
        """An active staff account whose session passed the second sign-in step (a code from its app)."""
        return super().has_permission(request) and is_second_factor_satisfied(request)

    def login(self, request, extra_context=None):
        """One sign-in for everyone: the site's password page, then the code (accounts.twofactor). A signed-in
        staff account that has not given its code yet goes to the code step; any other account gets a 403."""
        next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(next_url)
        if user.is_active and user.is_staff and not is_second_factor_satisfied(request):
            return redirect_to_login(next_url, login_url="otp")
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        raise PermissionDenied
