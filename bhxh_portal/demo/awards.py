"""Benefit records of the personas (the laid-off worker's unemployment award)."""

from __future__ import annotations

import datetime

from django.db.models import Max, Min

from benefits.models import UnemploymentAward
from participants.enums import Scheme
from participants.models import Participant, VoluntaryEnrolment

from .months import month_date, month_index
from .writing import SeedResult

DEMO_JOB_SEARCH_NOTICE_IN_DAYS = 3


def _ensure_persona_benefits(as_of: datetime.date, result: SeedResult) -> None:
    """The voluntary contributor's payment enrolments and the laid-off worker's benefit award, once each.

    Both follow the person's records, not ``as_of``, so a database seeded before these rows existed gets the
    same story: she paid monthly over her voluntary months and switched to paying every 3 months from the
    month after the last one; he was awarded the benefit his records give (the calculator's months and amount)
    from the day after his job ended. A person who already has such a row is left alone.
    """
    from benefits.selectors import eligibility_for_participant

    people = {
        p.user.username: p
        for p in Participant.objects.filter(
            user__username__in=["citizen-voluntary", "citizen-laid-off"]
        ).select_related("user")
    }
    mai = people.get("citizen-voluntary")
    if mai is not None and not mai.voluntary_enrolments.exists():
        months = mai.contributions.filter(scheme=Scheme.VOLUNTARY).aggregate(first=Min("month"), last=Max("month"))
        if months["first"] is not None:
            switched = month_date(month_index(months["last"]) + 1)
            VoluntaryEnrolment.objects.bulk_create(
                [
                    VoluntaryEnrolment(
                        participant=mai,
                        cycle=VoluntaryEnrolment.Cycle.MONTHLY,
                        first_month=months["first"],
                        last_month=months["last"],
                    ),
                    VoluntaryEnrolment(
                        participant=mai, cycle=VoluntaryEnrolment.Cycle.EVERY_3_MONTHS, first_month=switched
                    ),
                ]
            )
            result.add("voluntary_enrolments", 2)
    tuan = people.get("citizen-laid-off")
    if tuan is not None and not tuan.unemployment_awards.exists():
        job = tuan.employments.filter(end_date__isnull=False).order_by("-end_date").first()
        if job is not None:
            # The timeline is compressed (the claim decided and paid from the day after the lay-off) so that the
            # award exists on any seeding day; the law gives the centre some working days for each step.
            start = job.end_date + datetime.timedelta(days=1)
            _facts, decisions, _answer = eligibility_for_participant(participant=tuan, as_of=start)
            benefit = decisions.unemployment
            if benefit is not None and benefit.eligible:
                UnemploymentAward.objects.create(
                    participant=tuan,
                    decided_on=start,
                    benefit_start=start,
                    benefit_months=benefit.benefit_months,
                    monthly_amount=benefit.monthly_benefit,
                    report_day=(as_of + datetime.timedelta(days=DEMO_JOB_SEARCH_NOTICE_IN_DAYS)).day,
                )
                result.add("unemployment_awards", 1)
