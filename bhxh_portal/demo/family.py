"""The personas' family records (issue 14): a household, a parent's confirmed link to a child, a carer."""

from __future__ import annotations

from django.utils import timezone

from participants.models import CarerGrant, FamilyLink, Household, HouseholdMember, Participant

from .personas import persona_social_insurance_number
from .writing import SeedResult

# Persona numbers (personas.persona_plans): 2 Phạm Văn Hùng, 3 Lê Minh Tuấn, 4 Hoàng Thị Mai, 6 her husband
# Nguyễn Văn Bình, 7 their son Nguyễn Hoàng Nam.
HUSBAND, SON, RETIRING, LAID_OFF, VOLUNTARY = 6, 7, 2, 3, 4


def _ensure_persona_family(result: SeedResult) -> None:
    """Once each, as an officer would have recorded them in the admin:

    - Mai and her husband pay health insurance as one household, she first on the list;
    - Mai's link to her son of 5 is confirmed, so she sees his card and check-in code;
    - Phạm Văn Hùng shares his card and visits with Lê Minh Tuấn, who looks after him.

    A database that already has a person's row of that kind is left alone.
    """
    numbers = {k: persona_social_insurance_number(k) for k in (HUSBAND, SON, RETIRING, LAID_OFF, VOLUNTARY)}
    found = dict(
        Participant.objects.filter(social_insurance_number__in=numbers.values()).values_list(
            "social_insurance_number", "id"
        )
    )
    people = {k: found.get(number) for k, number in numbers.items()}
    if None in people.values():
        return
    if not HouseholdMember.objects.filter(participant_id__in=[people[VOLUNTARY], people[HUSBAND]]).exists():
        home = Household.objects.create()
        HouseholdMember.objects.bulk_create(
            [
                HouseholdMember(household=home, participant_id=people[VOLUNTARY], position=1),
                HouseholdMember(household=home, participant_id=people[HUSBAND], position=2),
            ]
        )
        result.add("households", 1)
        result.add("household_members", 2)
    if not FamilyLink.objects.filter(parent_id=people[VOLUNTARY], child_id=people[SON]).exists():
        FamilyLink.objects.create(
            parent_id=people[VOLUNTARY],
            child_id=people[SON],
            status=FamilyLink.Status.CONFIRMED,
            decided_at=timezone.now(),
        )
        result.add("family_links", 1)
    if not CarerGrant.objects.filter(grantor_id=people[RETIRING], carer_id=people[LAID_OFF]).exists():
        CarerGrant.objects.create(grantor_id=people[RETIRING], carer_id=people[LAID_OFF])
        result.add("carer_grants", 1)
