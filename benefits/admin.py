from django.contrib import admin

from .models import PolicyParameter


@admin.register(PolicyParameter)
class PolicyParameterAdmin(admin.ModelAdmin):
    list_display = ("name", "key", "effective_from", "effective_to", "source", "mark")
    list_filter = ("name", "mark")
    search_fields = ("name", "key", "source", "note")
    date_hierarchy = "effective_from"
    readonly_fields = ("updated_at",)
