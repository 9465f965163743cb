"""The misuse review queue: each signal becomes one case with its evidence (docs/misuse-review.md).

Signals are raised where they happen, in the transaction that records what fired them:

* the person's "this wasn't me" (``checkin_flag``): one case per reported check-in;
* a check-in (``checkin_record``): more check-ins of the person in 7 days than CHECKIN_SIGNAL_WEEKLY_THRESHOLD
  (one case per person and week), and the same card at another facility within
  CHECKIN_SIGNAL_TWO_FACILITIES_HOURS (one case per card and day);
* a desk look-up by ID number (``checkin_lookup`` / ``checkin_record``): more than
  CHECKIN_SIGNAL_LOOKUPS_WITHOUT_VISIT people looked up by one staff user at one facility in the last
  CHECKIN_SIGNAL_LOOKUP_HOURS and not checked in there since (one case per user, facility and day).

Raising a signal again for the same subject and period adds the check-ins or look-ups not yet in the case's
evidence and never changes its status. Logs name the case and the rule, never the person.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.models import PersonalDataAccess
from participants.scope import limit_to_provinces
from participants.signals import records_changed

from .models import CheckIn, MisuseCase, MisuseEvidence

logger = logging.getLogger("checkin.misuse")

# Who may assign and resolve: the model's change permission (the admin's actions ask for the same one).
REVIEW_PERMISSION = "checkin.change_misusecase"
OUTCOMES_TO_CHOOSE = [o for o in MisuseCase.Outcome if o != MisuseCase.Outcome.REVIEWED_EARLIER]
WEEK = datetime.timedelta(days=7)


# --- The rules: plain values in, plain values out. ---


def period_start(kind: str, day: datetime.date) -> datetime.date:
    """The period a signal of `kind` on `day` belongs to: the ISO week (from Monday) for the weekly count, the
    day for every other rule (a report's period is the day of the check-in reported)."""
    if kind == MisuseCase.Kind.BUSY_WEEK:
        return day - datetime.timedelta(days=day.weekday())
    return day


def dedup_key(kind: str, subject: str, period: datetime.date) -> str:
    """The same signal for the same subject and period is one case."""
    return f"{kind}:{subject}:{period.isoformat()}"


def over_threshold(count: int, threshold: int) -> bool:
    """Every rate rule fires strictly above its threshold (the threshold itself is still normal)."""
    return count > threshold


# --- Raising signals (called inside the caller's transaction). ---


def _case_raise(
    *,
    kind: str,
    subject: str,
    day: datetime.date,
    now: datetime.datetime,
    facility_id: int,
    count: int,
    participant_id: int | None = None,
    staff_id: int | None = None,
    checkin_id: int | None = None,
    threshold: int | None = None,
    window_hours: int | None = None,
    checkin_ids=(),
    access_ids=(),
) -> MisuseCase:
    """Open the case of this signal, or add to it: the evidence not yet there, the highest count, the time."""
    period = period_start(kind, day)
    case, created = MisuseCase.objects.select_for_update().get_or_create(
        dedup_key=dedup_key(kind, subject, period),
        defaults={
            "kind": kind,
            "period_start": period,
            "facility_id": facility_id,
            "participant_id": participant_id,
            "staff_id": staff_id,
            "checkin_id": checkin_id,
            "count": count,
            "threshold": threshold,
            "window_hours": window_hours,
            "opened_at": now,
            "last_signal_at": now,
        },
    )
    if not created:
        case.count = max(case.count, count)
        case.last_signal_at = now
        case.save(update_fields=["count", "last_signal_at"])
    evidence = [MisuseEvidence(case=case, checkin_id=pk, added_at=now) for pk in checkin_ids]
    evidence += [MisuseEvidence(case=case, access_id=pk, added_at=now) for pk in access_ids]
    MisuseEvidence.objects.bulk_create(evidence, ignore_conflicts=True)
    logger.info("misuse signal %s: case %s %s (count %s)", kind, case.pk, "opened" if created else "updated", count)
    return case


def misuse_report_raise(*, checkin: CheckIn, now: datetime.datetime) -> MisuseCase:
    """The person said a check-in was not them: its case, with the check-in as evidence."""
    return _case_raise(
        kind=MisuseCase.Kind.REPORTED,
        subject=f"checkin-{checkin.pk}",
        day=timezone.localdate(checkin.checked_in_at),
        now=now,
        facility_id=checkin.facility_id,
        participant_id=checkin.participant_id,
        staff_id=checkin.staff_id,
        checkin_id=checkin.pk,
        count=1,
        checkin_ids=[checkin.pk],
    )


def misuse_checkin_signals_raise(*, checkin: CheckIn) -> list[MisuseCase]:
    """The rules a new check-in can fire: the weekly count of the person and the card at two facilities."""
    cases = []
    at, day = checkin.checked_in_at, timezone.localdate(checkin.checked_in_at)
    threshold = settings.CHECKIN_SIGNAL_WEEKLY_THRESHOLD
    week = list(
        CheckIn.objects.filter(
            participant_id=checkin.participant_id, checked_in_at__gt=at - WEEK, checked_in_at__lte=at
        ).values_list("id", flat=True)
    )
    if over_threshold(len(week), threshold):
        cases.append(
            _case_raise(
                kind=MisuseCase.Kind.BUSY_WEEK,
                subject=f"participant-{checkin.participant_id}",
                day=day,
                now=at,
                facility_id=checkin.facility_id,
                participant_id=checkin.participant_id,
                count=len(week),
                threshold=threshold,
                window_hours=7 * 24,
                checkin_ids=week,
            )
        )
    hours = settings.CHECKIN_SIGNAL_TWO_FACILITIES_HOURS
    elsewhere = list(
        CheckIn.objects.filter(card_id=checkin.card_id, checked_in_at__gt=at - datetime.timedelta(hours=hours))
        .exclude(facility_id=checkin.facility_id)
        .values_list("id", flat=True)
    )
    if elsewhere:
        cases.append(
            _case_raise(
                kind=MisuseCase.Kind.TWO_FACILITIES,
                subject=f"card-{checkin.card_id}",
                day=day,
                now=at,
                facility_id=checkin.facility_id,
                participant_id=checkin.participant_id,
                count=len(elsewhere) + 1,
                window_hours=hours,
                checkin_ids=[*elsewhere, checkin.pk],
            )
        )
    return cases


def misuse_desk_lookups_raise(*, access: PersonalDataAccess) -> MisuseCase | None:
    """After a desk's ID look-up: the look-ups by that user at that facility in the last
    CHECKIN_SIGNAL_LOOKUP_HOURS whose person has not been checked in there since (1 query when nothing fires)."""
    if access.user_id is None or access.facility_id is None:
        return None
    hours, threshold = settings.CHECKIN_SIGNAL_LOOKUP_HOURS, settings.CHECKIN_SIGNAL_LOOKUPS_WITHOUT_VISIT
    visited = CheckIn.objects.filter(
        participant=OuterRef("participant"), facility=OuterRef("facility"), checked_in_at__gte=OuterRef("accessed_at")
    )
    unvisited = list(
        PersonalDataAccess.objects.filter(
            purpose=PersonalDataAccess.Purpose.CLINIC_ID_LOOKUP,
            user_id=access.user_id,
            facility_id=access.facility_id,
            accessed_at__gt=access.accessed_at - datetime.timedelta(hours=hours),
            accessed_at__lte=access.accessed_at,
        )
        .exclude(Exists(visited))
        .values_list("id", flat=True)
    )
    if not over_threshold(len(unvisited), threshold):
        return None
    return _case_raise(
        kind=MisuseCase.Kind.DESK_LOOKUPS,
        subject=f"user-{access.user_id}-facility-{access.facility_id}",
        day=timezone.localdate(access.accessed_at),
        now=access.accessed_at,
        facility_id=access.facility_id,
        staff_id=access.user_id,
        count=len(unvisited),
        threshold=threshold,
        window_hours=hours,
        access_ids=unvisited,
    )


# --- Reviewing: assign and resolve (the admin calls these). ---


def _reviewer_or_403(user) -> None:
    if not (user.is_active and user.is_staff and user.has_perm(REVIEW_PERMISSION)):
        raise PermissionDenied


def misuse_case_assign(*, case: MisuseCase, by) -> bool:
    """Take an open or assigned case (to `by`); a resolved case is left alone (returns False).

    Raises PermissionDenied for a user without the review permission."""
    _reviewer_or_403(by)
    updated = (
        MisuseCase.objects.filter(pk=case.pk)
        .exclude(status=MisuseCase.Status.RESOLVED)
        .update(status=MisuseCase.Status.ASSIGNED, assignee=by)
    )
    return bool(updated)


def misuse_case_resolve(*, case: MisuseCase, by, outcome: str, note: str = "") -> MisuseCase:
    """Close a case with an outcome and a note; a reported check-in is marked reviewed too.

    Raises PermissionDenied without the review permission, ValidationError for an unknown outcome or a case
    already resolved (nothing is written)."""
    _reviewer_or_403(by)
    if outcome not in OUTCOMES_TO_CHOOSE:
        raise ValidationError({"outcome": _("Choose the outcome of the review.")})
    now = timezone.now()
    with transaction.atomic():
        case = MisuseCase.objects.select_for_update().get(pk=case.pk)
        if case.status == MisuseCase.Status.RESOLVED:
            raise ValidationError(_("This case is already resolved."))
        case.status, case.outcome, case.resolution_note = MisuseCase.Status.RESOLVED, outcome, note.strip()
        case.resolved_at, case.resolved_by, case.assignee = now, by, case.assignee or by
        case.full_clean()
        case.save()
        if case.checkin_id is not None:
            CheckIn.objects.filter(pk=case.checkin_id, reviewed_at__isnull=True).update(reviewed_at=now, reviewed_by=by)
            records_changed.send(sender=CheckIn, pks=[case.checkin_id])
    logger.info("misuse case %s resolved: %s", case.pk, outcome)
    return case


# --- Reads, for the dashboard and the queue. ---


# Whose a case is (participants.scope): the facility's province, and the person's when the case is about one.
CASE_PROVINCES = ("facility__province",)
CASE_PROVINCES_NULLABLE = ("participant__province",)


def misuse_case_open_queryset(*, province_codes=None) -> QuerySet[MisuseCase]:
    """Cases waiting for review (open or assigned), newest signal first; limited to the facilities of the
    given provinces, about their people or nobody, when `province_codes` is not None (a provincial officer: the
    admin's list of cases is limited the same way, participants.scope)."""
    cases = MisuseCase.objects.exclude(status=MisuseCase.Status.RESOLVED)
    return limit_to_provinces(cases, province_codes, CASE_PROVINCES, CASE_PROVINCES_NULLABLE)


def misuse_case_count_open(*, province_codes=None) -> int:
    """How many cases wait for review (1 query)."""
    return misuse_case_open_queryset(province_codes=province_codes).count()


def misuse_case_list_open(*, province_codes=None, limit: int = 50) -> list[MisuseCase]:
    """The cases waiting for review with their facility, province and assignee (1 query)."""
    cases = misuse_case_open_queryset(province_codes=province_codes).select_related(
        "facility__province", "assignee", "participant"
    )
    return list(cases[:limit])
