from django.urls import path

from . import exports, uploads, views

urlpatterns = [
    path("employer/", views.employer_home, name="employer-home"),
    path("employer/<uuid:employer_id>/", views.staff_list, name="employer-staff"),
    path("employer/<uuid:employer_id>/staff/<uuid:employment_id>/", views.staff_record, name="employer-staff-record"),
    path("employer/<uuid:employer_id>/contributions/", views.contributions, name="employer-contributions"),
    path("employer/<uuid:employer_id>/team/", views.team_page, name="employer-team"),
    path("employer/<uuid:employer_id>/team/<uuid:user_id>/remove/", views.team_remove, name="employer-team-remove"),
    *exports.urlpatterns,
    *uploads.urlpatterns,
]
