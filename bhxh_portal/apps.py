from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class PortalConfig(AppConfig):
    """The project's own app: site-wide views, the demo data's commands, and the page cache's receivers."""

    default = True
    name = "bhxh_portal"

    def ready(self):
        from . import page_cache

        page_cache.connect()


class AgencyAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the agency's site (bhxh_portal.admin_site.AgencyAdminSite) as `admin.site`, so every
    app's `@admin.register` lands on it."""

    default = False  # not the config of the bhxh_portal app itself
    default_site = "bhxh_portal.admin_site.AgencyAdminSite"
