from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from knox.admin import AuthTokenAdmin as KnoxAuthTokenAdmin
from knox.models import AuthToken
from rest_framework.authtoken.models import TokenProxy

from participants.admin_base import ModelAdmin, TabularInline
from participants.models import OfficerProvince

from .models import OneTimeCode, User

# API tokens: DRF's clear-text tokens are no longer used (their admin listed every key); knox's are stored
# hashed and shown once, in the message after "add". The list shows whose they are and when they expire.
admin.site.unregister(TokenProxy)
admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class AuthTokenAdmin(KnoxAuthTokenAdmin):
    list_display = ("user", "created", "expiry")
    search_fields = ("user__username",)
    fields = ("user", "expiry")
    readonly_fields = ()

    def get_readonly_fields(self, request, obj=None):
        return ("user", "created", "expiry") if obj is not None else ()

    def get_fields(self, request, obj=None):
        return ("user", "created", "expiry") if obj is not None else ("user", "expiry")


class OfficerProvinceInline(TabularInline):
    """The provinces a staff account is limited to; none: the whole country (participants.scope)."""

    model = OfficerProvince
    extra = 0
    verbose_name_plural = _("provinces covered (none: the whole country)")


@admin.register(User)
class UserAdmin(DjangoUserAdmin, ModelAdmin):
    list_display = ("username", "role", "first_name", "last_name", "is_staff", "is_active")
    list_filter = ("role", "is_staff", "is_superuser", "is_active")
    fieldsets = (*DjangoUserAdmin.fieldsets, (_("Portal"), {"fields": ("role",)}))
    add_fieldsets = (*DjangoUserAdmin.add_fieldsets, (_("Portal"), {"fields": ("role",)}))
    inlines = (OfficerProvinceInline,)

    def limit_to_provinces(self, queryset, codes):
        """The accounts of the officer's provinces: its citizens, its clinics' and employers' staff and its
        officers; an account tied to no province (a national officer) is not one of them."""
        tied = (
            Q(participant__province__code__in=codes)
            | Q(clinic_staff__facility__province__code__in=codes)
            | Q(employer_memberships__employer__province__code__in=codes)
            | Q(officer_provinces__province__code__in=codes)
        )
        return queryset.filter(pk__in=queryset.filter(tied).values("pk"))


@admin.register(OneTimeCode)
class OneTimeCodeAdmin(ModelAdmin):
    """Read-only: codes are made by activation and contact changes; the admin sees how they were used."""

    province_lookups = ("participant__province",)

    list_display = ("participant", "purpose", "channel", "created_at", "expires_at", "attempts", "used_at")
    list_filter = ("purpose", "channel", ("used_at", admin.EmptyFieldListFilter))
    list_select_related = ("participant",)
    search_fields = ("participant__full_name", "=participant__national_id")
    readonly_fields = (
        "participant",
        "purpose",
        "channel",
        "destination",
        "code_hash",
        "created_at",
        "expires_at",
        "attempts",
        "used_at",
    )

    def has_add_permission(self, request):
        return False
