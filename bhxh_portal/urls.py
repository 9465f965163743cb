from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from benefits import views as benefit_views
from participants import views as participant_views
from participants.auth import password_reset_tokens
from participants.forms import ContactEmailPasswordResetForm


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", participant_views.home, name="home"),
    path("", include("participants.pwa")),  # /sw.js, the service worker
    path("", include("participants.checkin.views")),  # /.well-known/jwks.json, check-in token keys
    path("", include("participants.checkin.desk")),  # /clinic/, the reception desk
    path("", include("participants.checkin.visits")),  # /visits/, the citizen's check-ins
    path("", include("reminders.views")),  # /inbox/
    path("", include("participants.employer.urls")),  # /employer/, the employer portal
    path("accounts/login/", participant_views.SignInView.as_view(), name="login"),
    path("", include("participants.twofactor.urls")),  # /accounts/otp/: the second sign-in step
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/activate/", participant_views.activate, name="activate"),
    path("accounts/activate/verify/", participant_views.activate_verify, name="activate-verify"),
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
        auth_views.PasswordResetConfirmView.as_view(token_generator=password_reset_tokens),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("checkin/", participant_views.checkin, name="checkin"),
    path("profile/", participant_views.profile, name="profile"),
    path("profile/access-log/", participant_views.profile_access_log, name="profile-access-log"),
    path("profile/contact/verify/", participant_views.profile_contact_verify, name="profile-contact-verify"),
    path("contributions/", participant_views.contributions, name="contributions"),
    path("contributions/<int:year>/", participant_views.contribution_year, name="contribution-year"),
    path("contributions/statement.csv", participant_views.contribution_statement, name="contribution-statement"),
    path("eligibility/", benefit_views.eligibility, name="eligibility"),
    path("calculator/", benefit_views.calculator, name="calculator"),
    path("preferences/text-size/", participant_views.text_size, name="text-size"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("participants.api.urls")),
    path("api/v1/", include("benefits.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
