from django.urls import path

from .views import AuthTokenCreateApi, MeApi

urlpatterns = [
    path("auth/token/", AuthTokenCreateApi.as_view(), name="api-auth-token"),
    path("me/", MeApi.as_view(), name="api-me"),
]
