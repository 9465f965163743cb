"""Reads: ORM to plain data, a fixed number of queries each."""

from django.db.models import Prefetch

from .models import HealthInsuranceCard, Participant, User


def participant_get_for_user(*, user: User) -> Participant | None:
    """The signed-in citizen's participant record with the current card, in two queries."""
    if not user.is_authenticated:
        return None
    current_cards = HealthInsuranceCard.objects.filter(replaced_at__isnull=True).select_related("facility")
    return (
        Participant.objects.select_related("province")
        .prefetch_related(Prefetch("cards", queryset=current_cards, to_attr="current_cards"))
        .filter(user=user)
        .first()
    )
