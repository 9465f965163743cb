from django.urls import path

from reminders.api import MeNotificationListApi

from ..checkin.api import CheckinCreateApi
from ..employer.api import EmployerContributionsApi, EmployerStaffListApi
from .views import AuthTokenCreateApi, MeApi, MeCheckinTokenApi, MeContributionListApi, MeCoverageApi

urlpatterns = [
    path("auth/token/", AuthTokenCreateApi.as_view(), name="api-auth-token"),
    path("checkins/", CheckinCreateApi.as_view(), name="api-checkins"),
    path("employer/staff/", EmployerStaffListApi.as_view(), name="api-employer-staff"),
    path("employer/contributions/", EmployerContributionsApi.as_view(), name="api-employer-contributions"),
    path("me/", MeApi.as_view(), name="api-me"),
    path("me/coverage/", MeCoverageApi.as_view(), name="api-me-coverage"),
    path("me/checkin-token/", MeCheckinTokenApi.as_view(), name="api-me-checkin-token"),
    path("me/notifications/", MeNotificationListApi.as_view(), name="api-me-notifications"),
    path("me/contributions/", MeContributionListApi.as_view(), name="api-me-contributions"),
]
