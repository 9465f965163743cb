"""The entry points: `demo_seed` (what `manage.py seed_demo` runs) and `demo_login_list` (`demo_logins`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from participants.enums import Role
from participants.models import Province

from .awards import _ensure_persona_benefits
from .family import _ensure_persona_family
from .misuse import _ensure_demo_misuse
from .months import CHUNK_SIZE, DEFAULT_PARTICIPANTS, DEFAULT_SEED, MAX_PARTICIPANTS, _Calendar
from .people import _Pools, participant_plan
from .personas import DEMO_ACCOUNTS, DEMO_EMPLOYERS, DEMO_FACILITY, persona_plans
from .signins import _demo_totp_secrets, _ensure_accounts, _ensure_officers, _ensure_staff_links, _ensure_totp_devices
from .writing import SeedResult, _ensure_employers, _ensure_facilities, _Writer


def _chunks(start: int, stop: int, size: int) -> Iterator[range]:
    for first in range(start, stop, size):
        yield range(first, min(first + size, stop))


def demo_seed(
    *,
    participants: int = DEFAULT_PARTICIPANTS,
    seed: int = DEFAULT_SEED,
    as_of: datetime.date | None = None,
    chunk_size: int = CHUNK_SIZE,
    start: int = 0,
    with_personas: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> SeedResult:
    """Create the demo data that is missing; never update or delete anything.

    Writes employers, facilities, the demo accounts and personas, then generated participants
    `start`..`participants - 1` with their employments, monthly contribution records and current
    HI card, one transaction per chunk. Returns the number of rows created per table.
    """
    if not 0 <= start <= participants <= MAX_PARTICIPANTS:
        raise ValueError(f"participants must be between 0 and {MAX_PARTICIPANTS}")
    as_of = as_of or timezone.localdate()
    provinces = dict(Province.objects.values_list("code", "name"))
    if not provinces:
        raise RuntimeError("The Province table is empty: run `manage.py migrate` first.")
    result = SeedResult()
    cal = _Calendar(as_of)
    pools = _Pools(seed, provinces)
    with transaction.atomic():
        employer_ids = _ensure_employers([*DEMO_EMPLOYERS, *pools.employers], result)
        facility_ids = _ensure_facilities([DEMO_FACILITY, *pools.facilities], result)
        writer = _Writer(employer_ids, facility_ids, result)
        if with_personas:
            personas = persona_plans(as_of)
            user_ids = _ensure_accounts(personas, result)
            _ensure_staff_links(user_ids, employer_ids, facility_ids, result)
            _ensure_totp_devices(user_ids, result)
            _ensure_officers(user_ids, result)
            writer.write(personas, user_ids)
            _ensure_persona_benefits(as_of, result)
            _ensure_persona_family(result)
    for chunk in _chunks(start, participants, chunk_size):
        heads = [participant_plan(seed, i, as_of, pools, cal, identity_only=True) for i in chunk]
        todo = {p.social_insurance_number for p in writer.missing(heads, count_collisions=True)}
        plans = [
            participant_plan(seed, i, as_of, pools, cal)
            for i, head in zip(chunk, heads, strict=True)
            if head.social_insurance_number in todo
        ]
        with transaction.atomic():
            writer.write(plans)
        if progress:
            progress(chunk.stop, participants)
    if with_personas:
        with transaction.atomic():
            _ensure_demo_misuse(as_of, result)
    return result


def demo_login_list() -> list[dict[str, str]]:
    """The demo accounts that exist, as {role, username, password, persona}; citizens sign in with their ID number.

    An account with the demo authenticator app also has "totp_secret" (base32), to compute its sign-in codes.
    """
    users = {
        u.username: u
        for u in User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).select_related("participant")
    }
    totp_secrets = _demo_totp_secrets(users)
    logins = []
    for account in DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        username = account.username
        if account.role == Role.CITIZEN:
            participant = getattr(user, "participant", None)
            if participant is None:
                continue
            username = participant.national_id
        login = {
            "role": str(account.role),
            "username": username,
            "password": account.password,
            "persona": account.persona,
        }
        if account.username in totp_secrets:
            login["totp_secret"] = totp_secrets[account.username]
        logins.append(login)
    return logins
