from django.contrib import admin

from participants import admin as records_admin
from participants.admin_base import TabularInline
from participants.models import Employer

from .models import EmployerMembership


class MembershipInline(TabularInline):
    model = EmployerMembership
    extra = 0
    autocomplete_fields = ("user",)


# The employer's page in the admin lists who may act for it. The records app does not know about
# memberships (it sits below this one), so the portal registers its own Employer admin on top.
admin.site.unregister(Employer)


@admin.register(Employer)
class EmployerAdmin(records_admin.EmployerAdmin):
    inlines = (*records_admin.EmployerAdmin.inlines, MembershipInline)
