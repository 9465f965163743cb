from django.contrib.admin import apps as admin_apps


class AgencyAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the agency's site (bhxh_portal.admin_site.AgencyAdminSite) as `admin.site`, so every
    app's `@admin.register` lands on it."""

    default = False  # not the config of the bhxh_portal app itself
    default_site = "bhxh_portal.admin_site.AgencyAdminSite"
