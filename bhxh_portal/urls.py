from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import recovery_views
from accounts import views as account_views
from accounts.api.views import AuthTokenCreateApi
from accounts.auth import password_reset_tokens
from accounts.forms import ContactEmailPasswordResetForm
from accounts.password_forms import NewPasswordForm
from benefits import planner_views
from benefits import views as benefit_views
from checkin.api import CheckinCreateApi, MeCheckinTokenApi
from coverage_stats.api import CoverageStatsApi
from employers.api import EmployerContributionsApi, EmployerStaffListApi
from participants import views as participant_views
from participants.api.views import MeApi, MeContributionListApi, MeCoverageApi
from reminders.api import MeNotificationListApi

from . import ops
from . import views as site_views

# The API of every app, in one place (the project package is the only layer that sees them all).
api_v1 = [
    path("auth/token/", AuthTokenCreateApi.as_view(), name="api-auth-token"),
    path("checkins/", CheckinCreateApi.as_view(), name="api-checkins"),
    path("employer/staff/", EmployerStaffListApi.as_view(), name="api-employer-staff"),
    path("employer/contributions/", EmployerContributionsApi.as_view(), name="api-employer-contributions"),
    path("me/", MeApi.as_view(), name="api-me"),
    path("me/coverage/", MeCoverageApi.as_view(), name="api-me-coverage"),
    path("me/checkin-token/", MeCheckinTokenApi.as_view(), name="api-me-checkin-token"),
    path("me/notifications/", MeNotificationListApi.as_view(), name="api-me-notifications"),
    path("me/contributions/", MeContributionListApi.as_view(), name="api-me-contributions"),
    path("stats/coverage/", CoverageStatsApi.as_view(), name="api-stats-coverage"),
]


urlpatterns = [
    path("", site_views.home, name="home"),
    path("", include("bhxh_portal.pwa")),  # /sw.js, the service worker
    path("", include("checkin.views")),  # /checkin/ (the citizen's QR), /.well-known/jwks.json (token keys)
    path("", include("checkin.desk")),  # /clinic/, the reception desk
    path("", include("checkin.visits")),  # /visits/, the citizen's check-ins
    path("", include("reminders.views")),  # /inbox/
    path("", include("employers.urls")),  # /employer/, the employer portal
    path("accounts/login/", account_views.SignInView.as_view(), name="login"),
    path("", include("accounts.twofactor.urls")),  # /accounts/otp/: the second sign-in step
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/activate/", account_views.activate, name="activate"),
    path("accounts/activate/verify/", account_views.activate_verify, name="activate-verify"),
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            form_class=ContactEmailPasswordResetForm, token_generator=password_reset_tokens
        ),
        name="password_reset",
    ),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(token_generator=password_reset_tokens, form_class=NewPasswordForm),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/security/", account_views.account_security, name="account-security"),
    path("accounts/password-reset/sms/", recovery_views.password_reset_sms, name="password-reset-sms"),
    path(
        "accounts/password-reset/sms/code/", recovery_views.password_reset_sms_verify, name="password-reset-sms-verify"
    ),
    path("accounts/password/change/", recovery_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("profile/", account_views.profile, name="profile"),
    path("profile/access-log/", account_views.profile_access_log, name="profile-access-log"),
    path("profile/contact/verify/", account_views.profile_contact_verify, name="profile-contact-verify"),
    path("contributions/", participant_views.contributions, name="contributions"),
    path("family/", participant_views.family, name="family"),
    path("family/<uuid:public_id>/", participant_views.family_child, name="family-child"),
    path("family/share/", participant_views.carer_share, name="carer-share"),
    path("family/household/", planner_views.household_mine, name="household-mine"),
    path("family/share/<uuid:public_id>/stop/", participant_views.carer_revoke, name="carer-revoke"),
    path("care/<uuid:public_id>/", participant_views.carer_card, name="carer-card"),
    path("contributions/<int:year>/", participant_views.contribution_year, name="contribution-year"),
    path("contributions/statement.csv", participant_views.contribution_statement, name="contribution-statement"),
    path("eligibility/", benefit_views.eligibility, name="eligibility"),
    path("calculator/", benefit_views.calculator, name="calculator"),
    path("calculator/household/", planner_views.household, name="calculator-household"),
    path("calculator/voluntary/", planner_views.voluntary, name="calculator-voluntary"),
    path("calculator/withdrawal/", planner_views.withdrawal, name="calculator-withdrawal"),
    path("preferences/text-size/", site_views.text_size, name="text-size"),
    path("help/", site_views.help_page, name="help"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", ops.healthz, name="healthz"),
    path("readyz", ops.readyz, name="readyz"),
    path("metrics", ops.metrics, name="metrics"),
    path("api/v1/", include(api_v1)),
    path("api/v1/", include("benefits.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
