"""Which employer a user may act for, and in which role."""

from django.http import Http404

from employers.models import EmployerMembership
from participants.enums import EmployerRole


def employer_memberships_for_user(user) -> list[EmployerMembership]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(EmployerMembership.objects.filter(user=user).select_related("employer").order_by("employer__name"))


def employer_membership_exists(user) -> bool:
    """Whether the user acts for any employer (then they sign in with the second step, see EmployersConfig)."""
    return EmployerMembership.objects.filter(user_id=user.pk).exists()


def employer_membership_get(*, user, employer_id) -> EmployerMembership:
    """The user's membership of the employer with this public id; Http404 for any other employer.

    404 rather than 403: an HR user of company A learns nothing about whether company B exists.
    """
    membership = (
        EmployerMembership.objects.select_related("employer").filter(user=user, employer__public_id=employer_id).first()
        if getattr(user, "is_authenticated", False)
        else None
    )
    if membership is None:
        raise Http404
    return membership


def is_owner(membership: EmployerMembership) -> bool:
    return membership.role == EmployerRole.OWNER
