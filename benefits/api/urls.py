from django.urls import path

from .views import CalculatorApi, MeEligibilityApi

urlpatterns = [
    path("calculator/", CalculatorApi.as_view(), name="api-calculator"),
    path("me/eligibility/", MeEligibilityApi.as_view(), name="api-me-eligibility"),
]
