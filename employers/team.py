"""Who may act for an employer: the owner invites HR viewers by e-mail and removes them."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.auth import password_reset_tokens
from accounts.models import User
from employers.models import EmployerMembership
from participants.enums import EmployerRole, Role


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address of the person to invite"), max_length=254)


def member_list(*, employer) -> list[EmployerMembership]:
    return list(EmployerMembership.objects.filter(employer=employer).select_related("user").order_by("role", "id"))


def member_invite(*, request, employer, email: str) -> EmployerMembership:
    """Give the account with this e-mail HR-viewer access (creating an employer account if there is
    none) and e-mail it a link to set its password. Inviting someone twice changes nothing more.

    Raises ValidationError ("not_invitable"), writing and sending nothing, when the address belongs to a
    clinic, admin or staff account: an invite must never turn one into an HR viewer (nor mail it a link that
    sets its password)."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email, participant__isnull=True).first()
        if user is not None and (user.role != Role.EMPLOYER or user.is_staff or user.is_superuser):
            raise ValidationError(
                _("This address cannot be invited. Ask the person for the e-mail address they use for work."),
                code="not_invitable",
            )
        if user is None:
            user = User(username=email.lower(), email=email, role=Role.EMPLOYER)
            user.set_unusable_password()
            user.save()
        membership, _created = EmployerMembership.objects.get_or_create(
            user=user, employer=employer, defaults={"role": EmployerRole.HR_VIEWER}
        )
    link = request.build_absolute_uri(
        reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": password_reset_tokens.make_token(user),
            },
        )
    )
    send_mail(
        _("You have been given access to %(employer)s on the Social insurance portal") % {"employer": employer.name},
        _(
            "Set your password with this link, then sign in with your e-mail address and set up two-step sign-in:\n%(link)s"
        )
        % {"link": link},
        None,
        [email],
    )
    return membership


def member_remove(*, employer, user_public_id, by) -> bool:
    """Remove an HR viewer's access. The owner cannot remove themselves (no employer without an owner)."""
    deleted, _rows = (
        EmployerMembership.objects.filter(
            employer=employer, user__public_id=user_public_id, role=EmployerRole.HR_VIEWER
        )
        .exclude(user=by)
        .delete()
    )
    return deleted > 0
