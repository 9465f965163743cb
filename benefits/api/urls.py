from django.urls import path

from .views import CalculatorApi

urlpatterns = [
    path("calculator/", CalculatorApi.as_view(), name="api-calculator"),
]
