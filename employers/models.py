"""The employer portal's own records: who may act for an employer, and the staff-changes files applied."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participants.enums import EmployerRole
from participants.models import Employer


class EmployerMembership(models.Model):
    """A user's right to act for an employer (HR)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_memberships", verbose_name=_("user")
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("employer")
    )
    role = models.CharField(_("role"), max_length=16, choices=EmployerRole.choices)

    class Meta:
        db_table = "participants_employermembership"  # created as employersmembership (docs/architecture.md)
        verbose_name = _("employer membership")
        verbose_name_plural = _("employer memberships")
        constraints = [models.UniqueConstraint(fields=["user", "employer"], name="membership_unique_user_employer")]

    def __str__(self) -> str:
        return f"{self.user} – {self.employer}"


class StaffChangeUpload(models.Model):
    """A monthly staff-changes file (joiners, leavers, salary changes) an employer applied.

    Only files that passed validation as a whole are stored, once applied; the SHA-256 of the bytes is
    unique per employer, so uploading the same file again changes nothing."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    employer = models.ForeignKey(
        Employer, on_delete=models.PROTECT, related_name="staff_change_uploads", verbose_name=_("employer")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff_change_uploads",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    row_count = models.PositiveIntegerField(_("rows"))
    applied_at = models.DateTimeField(_("applied at"))

    class Meta:
        db_table = "participants_staffchangeupload"  # created as participants.staffchangeupload (docs/architecture.md)
        ordering = ["-applied_at", "-id"]
        verbose_name = _("staff changes upload")
        verbose_name_plural = _("staff changes uploads")
        constraints = [
            models.UniqueConstraint(fields=["employer", "sha256"], name="staff_upload_once_per_employer"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.file_name} {self.applied_at:%d/%m/%Y}"
