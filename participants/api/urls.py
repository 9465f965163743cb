from django.urls import path

from .views import AuthTokenCreateApi, MeApi, MeCheckinTokenApi, MeContributionListApi, MeCoverageApi

urlpatterns = [
    path("auth/token/", AuthTokenCreateApi.as_view(), name="api-auth-token"),
    path("me/", MeApi.as_view(), name="api-me"),
    path("me/coverage/", MeCoverageApi.as_view(), name="api-me-coverage"),
    path("me/checkin-token/", MeCheckinTokenApi.as_view(), name="api-me-checkin-token"),
    path("me/contributions/", MeContributionListApi.as_view(), name="api-me-contributions"),
]
