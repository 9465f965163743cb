"""Whole pages kept in the cache, per person, until their records change (docs/performance.md, "Page cache").

A citizen opens the same few pages (card, contributions, benefits, QR code, inbox) again and again, and those
pages change only when the person's records, shared reference data (policy figures, facilities, employers) or
the date change. So the pages named in ``PERSONAL_PAGES`` are kept, as rendered HTML, in the shared cache
(Redis) for up to ``PAGE_CACHE_SECONDS``, keyed by the account, the page, the language, the text size and the
day, and tagged with two versions (three for an employer's staff list, ``SCOPED_PAGES``):

* the **person's version**, changed whenever a row that can appear on that person's pages is saved or deleted
  (``OWNERS``: post_save and pre_delete of those models, plus ``participants.signals.records_changed`` sent
  by the bulk writes: the sweep's inserts, staff uploads, marking notices read...);
* the **everyone version**, changed whenever shared reference data (``SHARED``) changes;
* for an employer's staff list, the **employer's version**, changed whenever a row it shows (a job, a
  contribution month, a card or the name of one of its staff, a membership) is saved or deleted.

A kept page is served only while both versions are the ones it was drawn with: checking them is one
round trip to Redis (MGET) fetching the page at the same time, and no database query. A version is changed
when the row is written and again when the writing transaction commits, and a page is tagged with the
versions read *before* it was drawn: a page drawn from the rows as they were before a commit is never served
after it. Every model of the portal's apps is in ``OWNERS``, ``SHARED`` or ``NOT_ON_KEPT_PAGES`` (a test
checks it), so a new model cannot be forgotten.

Each page's security token (CSRF) is taken out before it is kept and a fresh one is put in each time it is
served. A page is not kept if the request had messages to show, was an htmx request, had a query string, or
the response was not a plain 200 that set no cookies. A view can shorten the time its page is kept by setting
``response.page_cache_seconds`` (the QR page: its code must not be shown past its reuse window).

Signed-out pages named in ``PUBLIC_PAGES`` (the landing page, the calculator's empty form, help) are kept in
each process's memory (the ``fragments`` cache) for ``PAGE_CACHE_SECONDS``, by page, language and text size:
they read no database rows (tests/test_page_cache.py checks it), so no version is needed.

A page's key also names the release (the git commit, or ``RELEASE``), and ``migrate`` changes the everyone
version: a deploy never serves a page drawn by the code before it.

Off when ``PAGE_CACHE_SECONDS`` is 0, the default without Redis: with the in-process cache a version changed
by the Celery worker (a new reminder) would not reach the web processes.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone, translation
from redis.exceptions import RedisError

from participants.signals import records_changed

from . import replica
from .context_processors import TEXT_SIZE_COOKIE

# The pages kept per person (URL names), and the signed-out pages kept per process.
PERSONAL_PAGES = frozenset(
    {"home", "contributions", "eligibility", "checkin", "inbox", "help", "calculator", "checkin-desk"}
)
# (and the pages of SCOPED_PAGES, below)
PUBLIC_PAGES = frozenset({"home", "calculator", "help"})

# Pages that show the records of more than one person, by URL name: the URL argument naming what they show, and
# the scope of the version that tags them (besides the person's and everyone's).
SCOPED_PAGES = {"employer-staff": ("employer_id", "employer")}

# Whose pages a row can appear on: for each model, the lookups from it to the accounts (User ids, scope "user")
# and to the employers whose staff list shows it (Employer public ids, scope "employer").
OWNERS: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts.User": {"user": ("pk",)},
    "participants.Participant": {"user": ("user",), "employer": ("employments__employer__public_id",)},
    "participants.Employment": {"user": ("participant__user",), "employer": ("employer__public_id",)},
    "participants.ContributionRecord": {"user": ("participant__user",), "employer": ("employer__public_id",)},
    "participants.HealthInsuranceCard": {
        "user": ("participant__user",),
        "employer": ("participant__employments__employer__public_id",),
    },
    "participants.VoluntaryEnrolment": {"user": ("participant__user",)},
    "participants.HouseholdMember": {"user": ("participant__user",)},
    "participants.FamilyLink": {"user": ("parent__user", "child__user")},
    "participants.CarerGrant": {"user": ("grantor__user", "carer__user")},
    "benefits.UnemploymentAward": {"user": ("participant__user",)},
    "reminders.Reminder": {"user": ("participant__user", "user")},
    "reminders.Delivery": {"user": ("reminder__participant__user", "reminder__user")},
    "reminders.NotificationPreference": {"user": ("participant__user",)},
    "checkin.CheckIn": {"user": ("participant__user",)},
    # Who may see an employer's staff list, and as what (owner or viewer).
    "employers.EmployerMembership": {"user": ("user",), "employer": ("employer__public_id",)},
    # Who works at which clinic's desk (the desk page names the facility).
    "checkin.ClinicStaff": {"user": ("user",)},
}
# Reference data shown on everyone's pages: a change invalidates every kept page.
SHARED = frozenset(
    {
        "participants.Province",
        "participants.MedicalFacility",
        "participants.Employer",
        "participants.Household",
        "benefits.PolicyParameter",
    }
)
# The other models of the portal's apps, and why a change to them cannot alter a kept page.
NOT_ON_KEPT_PAGES: dict[str, str] = {
    "participants.PersonalDataAccess": "the access log page is not kept",
    "participants.OfficerProvince": "officers' scope: admin pages only",
    "reminders.SweepChunk": "the sweep's bookkeeping",
    "employers.StaffChangeUpload": "the upload history is not on the staff list; the rows it writes are",
    "checkin.CheckinSigningKey": "the QR page's code is checked against the desk's use, not the key",
    "checkin.MisuseCase": "officers' pages only",
    "checkin.MisuseEvidence": "officers' pages only",
    "accounts.OneTimeCode": "sign-in and reset codes, never shown",
    "accounts.AccountSession": "the sessions page is not kept",
    "coverage_stats.ProvinceFigure": "statistics pages are not kept",
    "coverage_stats.CoverageTarget": "statistics pages are not kept",
    "coverage_stats.CoverageSnapshot": "statistics pages are not kept",
    "coverage_stats.NationalCoverage": "statistics pages are not kept",
}
APPS = ("participants", "accounts", "benefits", "employers", "checkin", "reminders", "coverage_stats")

logger = logging.getLogger(__name__)
# What a cache that is down or full raises (Redis's errors; a refused or dropped connection).
CACHE_ERRORS = (RedisError, OSError)

EVERYONE_KEY = "page-version:everyone"
VERSION_SECONDS = 24 * 3600  # a version outlives every page tagged with it; a lost one only costs a redraw
CSRF_HOLE = "\x00csrf\x00"
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,64})"')


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def _release() -> str:
    """Which code draws the pages: a page kept by one release is never served by another. RELEASE from the
    environment, else the git commit checked out (docs/operations.md installs with git), else "unversioned"
    (then only the post_migrate bump below and the time limit separate releases)."""
    if os.environ.get("RELEASE"):
        return os.environ["RELEASE"][:40]
    git = Path(settings.BASE_DIR) / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head[:12]
        ref = head[5:]
        if (git / ref).exists():
            return (git / ref).read_text().strip()[:12]
        for line in (git / "packed-refs").read_text().splitlines():
            if line.endswith(" " + ref):
                return line[:12]
    except OSError:
        pass
    return "unversioned"


RELEASE = None  # read once per process, on the first kept page


def _release_once() -> str:
    global RELEASE
    if RELEASE is None:
        RELEASE = _release()
    return RELEASE


def _version_key(scope: str, value) -> str:
    return f"page-version:{scope}:{value}"


def _new_version() -> str:
    return secrets.token_hex(6)


# --- Serving -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeptPage:
    versions: tuple[str, ...] | None  # of the person, everyone, and the page's scope; None for a signed-out page
    content: str  # the HTML with CSRF_HOLE where the security token was
    content_type: str

    def response(self, request) -> HttpResponse:
        content = self.content
        if CSRF_HOLE in content:
            content = content.replace(CSRF_HOLE, get_token(request))
        response = HttpResponse(content, content_type=self.content_type)
        response.page_cache_hit = True
        return response

    @classmethod
    def from_response(cls, response, versions) -> KeptPage | None:
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Cache-Control")
            or not response.get("Content-Type", "").startswith("text/html")
        ):
            return None
        content = response.content.decode(response.charset)
        token = _CSRF_INPUT.search(content)
        if token:
            content = content.replace(token.group(1), CSRF_HOLE)
        return cls(versions=versions, content=content, content_type=response["Content-Type"])


def _page_key(request, person: str) -> str:
    language = translation.get_language()
    size = "large" if request.COOKIES.get(TEXT_SIZE_COOKIE) == "large" else "normal"
    path = hashlib.sha256(request.path.encode()).hexdigest()[:20]
    return f"page:{_release_once()}:{person}:{language}:{size}:{timezone.localdate().isoformat()}:{path}"


def _cacheable(request) -> bool:
    match = request.resolver_match
    return (
        enabled()
        and request.method == "GET"
        and not request.GET
        and match is not None
        and (match.url_name in PERSONAL_PAGES or match.url_name in PUBLIC_PAGES or match.url_name in SCOPED_PAGES)
        and not getattr(request, "htmx", False)
        and not len(messages.get_messages(request))  # len() does not mark them shown
    )


class PageCacheMiddleware:
    """Serves a kept page before the view runs, and keeps the page the view drew (see the module's docstring).
    Placed after the authentication, second-factor, messages and htmx middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        fill = getattr(request, "_page_cache_fill", None)
        if fill is not None:
            key, versions, store = fill
            page = KeptPage.from_response(response, versions)
            seconds = min(
                settings.PAGE_CACHE_SECONDS, getattr(response, "page_cache_seconds", settings.PAGE_CACHE_SECONDS)
            )
            if page is not None and seconds > 0:
                try:
                    store.set(key, page, timeout=seconds)
                except CACHE_ERRORS as error:
                    _unavailable(error)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not _cacheable(request):
            return None
        try:
            return self._kept(request, view_kwargs)
        except CACHE_ERRORS as error:  # Redis down or full: the page is drawn as if nothing were kept
            _unavailable(error)
            return None

    def _kept(self, request, view_kwargs):
        """The kept page to serve, or None (then the view draws it, and it is kept if _page_cache_fill is set)."""
        user = request.user
        if not user.is_authenticated:
            if request.resolver_match.url_name not in PUBLIC_PAGES:
                return None
            store = caches["fragments"]
            key = _page_key(request, "public")
            page = store.get(key)
            if page is not None:
                return page.response(request)
            request._page_cache_fill = (key, None, store)
            return None
        name = request.resolver_match.url_name
        if name not in PERSONAL_PAGES and name not in SCOPED_PAGES:
            return None
        verified = "v" if getattr(user, "is_verified", lambda: False)() else "u"
        key = _page_key(request, f"{user.pk}{verified}")
        version_keys = [_version_key("user", user.pk), EVERYONE_KEY]
        if name in SCOPED_PAGES:
            argument, scope = SCOPED_PAGES[name]
            version_keys.append(_version_key(scope, view_kwargs[argument]))
        found = cache.get_many([key, *version_keys])
        versions = tuple(found.get(k) for k in version_keys)
        page = found.get(key)
        if page is not None and None not in versions and page.versions == versions:
            return page.response(request)
        versions = tuple(_version_or_new(k, v) for k, v in zip(version_keys, versions, strict=True))
        if None not in versions:
            request._page_cache_fill = (key, versions, cache)
            replica.read_primary()  # a page that will be kept is drawn from the primary's rows
        return None


def _version_or_new(key: str, version: str | None) -> str | None:
    """The version read, or a new one set now if there was none; None if another request set one meanwhile
    (the page drawn now is then not kept: its version is unknown)."""
    if version is not None:
        return version
    new = _new_version()
    return new if cache.add(key, new, timeout=VERSION_SECONDS) else None


# --- Invalidation --------------------------------------------------------------------------------------------


def people_changed(user_ids=(), employer_ids=()) -> None:
    """The kept pages of these accounts (User ids) and these employers' staff lists (Employer public ids) are
    out of date. With Redis unreachable the write goes on: its pages are kept no longer than the time limit,
    and a Redis that lost its data lost the pages too."""
    keys = [_version_key("user", u) for u in set(user_ids) if u is not None]
    keys += [_version_key("employer", e) for e in set(employer_ids) if e is not None]
    if keys:
        try:
            cache.set_many({k: _new_version() for k in keys}, timeout=VERSION_SECONDS)
        except CACHE_ERRORS as error:
            _unavailable(error)


def everyone_changed() -> None:
    """Every kept page is out of date (shared reference data changed, or data was loaded in bulk)."""
    try:
        cache.set(EVERYONE_KEY, _new_version(), timeout=VERSION_SECONDS)
    except CACHE_ERRORS as error:
        _unavailable(error)


def _unavailable(error: Exception) -> None:
    logger.warning("page cache unavailable: %s", type(error).__name__)


def _owners(model, pks) -> dict[str, set]:
    """{"user_ids": ..., "employer_ids": ...} whose pages show these rows: one query."""
    scopes = OWNERS[model._meta.label]
    user_lookups, employer_lookups = scopes.get("user", ()), scopes.get("employer", ())
    rows = model._base_manager.filter(pk__in=list(pks)).values_list(*user_lookups, *employer_lookups)
    split = len(user_lookups)
    return {
        "user_ids": {value for row in rows for value in row[:split]},
        "employer_ids": {value for row in rows for value in row[split:]},
    }


def _tell(change, **owners) -> None:
    """Change the versions now and again when the transaction commits. Now: a test (whose transaction never
    commits) and the writing request itself see the change. At the commit: a page drawn by another request
    between the two, from the rows as they were before the commit, is not served."""
    change(**owners)
    transaction.on_commit(lambda: change(**owners))


def _row_changed(sender, instance, **kwargs) -> None:
    """post_save, and pre_delete: a deleted row's owners must be read before it is gone."""
    if enabled():
        _tell(people_changed, **_owners(sender, [instance.pk]))


def _shared_changed(sender, **kwargs) -> None:
    if enabled():
        _tell(everyone_changed)


def _records_changed(sender, pks, **kwargs) -> None:
    if not enabled():
        return
    if sender._meta.label in SHARED:
        _tell(everyone_changed)
    else:
        _tell(people_changed, **_owners(sender, pks))


def connect() -> None:
    """Connect the receivers (bhxh_portal.apps.PortalConfig.ready)."""
    for label in OWNERS:
        model = apps.get_model(label)
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"page_cache_saved:{label}")
        pre_delete.connect(_row_changed, sender=model, dispatch_uid=f"page_cache_deleting:{label}")
    for label in SHARED:
        model = apps.get_model(label)
        post_save.connect(_shared_changed, sender=model, dispatch_uid=f"page_cache_shared_saved:{label}")
        post_delete.connect(_shared_changed, sender=model, dispatch_uid=f"page_cache_shared_deleted:{label}")
    records_changed.connect(_records_changed, dispatch_uid="page_cache_records_changed")
    # Every deploy runs migrate (docs/operations.md, "Upgrade"): no page kept before it is served after it.
    post_migrate.connect(_migrated, dispatch_uid="page_cache_migrated")


def _migrated(sender, **kwargs) -> None:
    if enabled() and sender.label == "participants":  # once per migrate (an app with models)
        everyone_changed()
