from django.urls import path

from .planners import HouseholdPremiumApi, VoluntaryPlanApi
from .views import CalculatorApi, MeEligibilityApi

urlpatterns = [
    path("calculator/", CalculatorApi.as_view(), name="api-calculator"),
    path("calculator/household/", HouseholdPremiumApi.as_view(), name="api-calculator-household"),
    path("calculator/voluntary/", VoluntaryPlanApi.as_view(), name="api-calculator-voluntary"),
    path("me/eligibility/", MeEligibilityApi.as_view(), name="api-me-eligibility"),
]
