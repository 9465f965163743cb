from django.urls import path

from . import views

urlpatterns = [
    path("accounts/otp/", views.otp, name="otp"),
    path("accounts/otp/recovery/", views.otp_recovery, name="otp-recovery"),
    path("accounts/otp/recovery-codes/", views.otp_recovery_codes, name="otp-recovery-codes"),
]
