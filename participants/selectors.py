"""Reads: ORM to plain data, a fixed number of queries each."""

from django.db.models import Prefetch

from .models import HealthInsuranceCard, Participant, User


def participant_get_for_user(*, user: User, with_current_card: bool = True) -> Participant | None:
    """The signed-in citizen's participant record (and current card: a second query), or None."""
    if not user.is_authenticated:
        return None
    participants = Participant.objects.select_related("province").filter(user=user)
    if with_current_card:
        current_cards = HealthInsuranceCard.objects.filter(replaced_at__isnull=True).select_related("facility")
        participants = participants.prefetch_related(Prefetch("cards", queryset=current_cards, to_attr="current_cards"))
    return participants.first()
