from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import JsonResponse
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from benefits import views as benefit_views
from participants import views as participant_views


def healthz(request):
    return JsonResponse({"status": "ok"})


urlpatterns = [
    path("", participant_views.home, name="home"),
    path("accounts/login/", participant_views.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("contributions/", participant_views.contributions, name="contributions"),
    path("contributions/<int:year>/", participant_views.contribution_year, name="contribution-year"),
    path("contributions/statement.csv", participant_views.contribution_statement, name="contribution-statement"),
    path("eligibility/", benefit_views.eligibility, name="eligibility"),
    path("calculator/", benefit_views.calculator, name="calculator"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("api/v1/", include("participants.api.urls")),
    path("api/v1/", include("benefits.api.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]
