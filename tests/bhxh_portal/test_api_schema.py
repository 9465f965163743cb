"""The OpenAPI schema matches the API (issue 18, item 10): schemathesis generates requests from
/api/v1/schema/ for every operation, as each role (anonymous, citizen, employer, clinic), and fails on
any 5xx, any response that does not match the schema, any undocumented status code, valid input refused
and invalid input accepted. The run is derandomized: the same cases every time."""

import datetime

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis import GenerationMode, checks

from accounts.services import auth_token_create
from coverage_stats.services import coverage_snapshot_compute
from tests import factories
from tests.employers.employer_support import hr_member

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# Cases per operation and role: bounded so the run stays a few minutes on CI.
MAX_EXAMPLES = 80
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]

# What a schema cannot say: input of the documented shape that the law or the records still refuse, with a 400
# naming what was refused. For these operations only, a 400 to valid-shaped input passes when every field (or
# the `code`) it names is listed here; any other refusal of valid input fails.
RULE_REFUSALS = {
    # wrong credentials, or the employer's code (schemathesis grants the same to an OAuth token URL)
    "POST /api/v1/auth/token/": {"invalid_credentials", "otp"},
    # a token that is not one of ours (signature, expiry, claims) or a card not valid on the day
    "POST /api/v1/checkins/": {
        "malformed",
        "algorithm_not_allowed",
        "wrong_type",
        "unknown_key",
        "bad_signature",
        "missing_claims",
        "invalid_claims",
        "wrong_issuer",
        "not_yet_valid",
        "expired",
        "card_replaced",
        "card_expired",
        "card_not_yet_valid",
    },
    "GET /api/v1/me/eligibility/": {"expected_birth"},  # more than a year from today
    # dates with no policy figures on record; periods that end before they start, overlap, or put voluntary
    # months in unemployment insurance; a birth after `as_of`; an income outside the floor and ceiling of its date
    "POST /api/v1/calculator/": {"as_of", "periods", "person"},
    "POST /api/v1/calculator/voluntary/": {"as_of", "periods", "person", "monthly_income"},
    "POST /api/v1/calculator/withdrawal/": {"as_of", "periods", "person", "future_monthly_income"},
    "POST /api/v1/calculator/household/": {"on"},
    "GET /api/v1/stats/coverage/": {"province"},  # two digits, but no province has that code
}


def _refused_by_a_rule(case, response) -> bool:
    allowed = RULE_REFUSALS.get(case.operation.label)
    if allowed is None or response.status_code != 400:
        return False
    body = response.json()
    named = {body["code"]} if "code" in body else set(body)
    return bool(named) and named <= allowed


def positive_data_acceptance(ctx, response, case):
    """schemathesis' check, but a refusal by a rule the schema cannot express (RULE_REFUSALS) is an answer."""
    if _refused_by_a_rule(case, response):
        return None
    return checks.positive_data_acceptance(ctx, response, case)


def _load_schema():
    from bhxh_portal.wsgi import application

    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
    # Valid and invalid input both: the checks above judge each by the answer it gets.
    loaded.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
    return loaded


# Loaded from the app in this process when the tests are collected (no database needed for the schema).
schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go through the WSGI app like a server's, so (as Django's test client does) they must not close
    the test's database connection when they finish."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(settings, tmp_path):
    """A bearer token for each signed-in role, with records behind each so that answers are not all empty."""
    settings.VAR_DIR = tmp_path  # the check-in signing key
    today = datetime.date.today()
    citizen = factories.ParticipantFactory(user=factories.UserFactory(username="c-schema"))
    card = factories.CardFactory(
        participant=citizen,
        valid_from=today - datetime.timedelta(days=100),
        valid_to=today + datetime.timedelta(days=200),
    )
    employer = factories.EmployerFactory()
    factories.EmploymentFactory(employer=employer, participant=citizen, start_date=datetime.date(2020, 1, 1))
    factories.ContributionFactory(participant=citizen, employer=employer)
    clinic = factories.ClinicStaffFactory(
        facility=card.facility, user=factories.UserFactory(username="clinic-schema", role="clinic")
    )
    # Staff see the coverage statistics: this month's snapshot rows, so that a valid month answers 200.
    staff = factories.UserFactory(username="staff-schema", role="admin", is_staff=True)
    coverage_snapshot_compute(month=today.replace(day=1), today=today)
    return {
        "anonymous": None,
        "citizen": auth_token_create(user=citizen.user)[1],
        "employer": auth_token_create(user=hr_member(employer, username="hr-schema"))[1],
        "clinic": auth_token_create(user=clinic.user)[1],
        "staff": auth_token_create(user=staff)[1],
    }


@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_matches_its_schema(case, tokens):
    """Each generated request is sent as every role in turn: the answers differ (200, 403, 404), and each must
    be one the schema documents, in the documented shape."""
    for token in tokens.values():
        cache.clear()  # the throttles' counters: this run is not about them
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        case.call_and_validate(headers=headers, checks=[*CHECKS, positive_data_acceptance])
