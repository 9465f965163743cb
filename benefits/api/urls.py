from django.urls import path

from .planners import HouseholdPremiumApi, VoluntaryPlanApi, WithdrawalComparisonApi
from .views import CalculatorApi, MeEligibilityApi

urlpatterns = [
    path("calculator/", CalculatorApi.as_view(), name="api-calculator"),
    path("calculator/household/", HouseholdPremiumApi.as_view(), name="api-calculator-household"),
    path("calculator/voluntary/", VoluntaryPlanApi.as_view(), name="api-calculator-voluntary"),
    path("calculator/withdrawal/", WithdrawalComparisonApi.as_view(), name="api-calculator-withdrawal"),
    path("me/eligibility/", MeEligibilityApi.as_view(), name="api-me-eligibility"),
]
