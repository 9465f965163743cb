"""Issue 13, item 5: the admin speaks Vietnamese. Every registered admin of the project is walked (a new one is
covered without touching this test): its changelist and its change form are rendered in English and in
Vietnamese, and any heading, label, column, filter, action, fieldset, inline or help text that reads the same
in both is an untranslated English label. The labels the admin declares are checked the same way."""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.urls import reverse
from django.utils import translation

from bhxh_portal import demo
from bhxh_portal.admin_site import PROJECT_APPS
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

# The same word in both languages, or a name that is not translated.
SAME_IN_BOTH = {
    "Email",
    "email",
    "ID",
    "JWK",
    "kid",
    "OK",
    "BHXH",
    "VSS",
    "URL",
    "+",
    "×",
    "",
    "Vietnamese",
    "English",
    "SMS",
}
LABEL_TAGS = {"h1", "h2", "h3", "label", "summary", "caption"}


class Labels(HTMLParser):
    """The label texts of an admin page: headings, field labels, column headers, help texts, action names."""

    def __init__(self):
        super().__init__()
        self.labels: list[str] = []
        self._stack: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        label = (
            tag in LABEL_TAGS
            or (tag == "th" and attrs.get("scope") == "col")
            or (tag == "div" and "help" in classes)
            or (tag == "option" and self._in_action_select)
        )
        if tag == "select":
            self._in_action_select = attrs.get("name") == "action"
        if tag not in {"input", "br", "img", "meta", "link", "hr"}:
            self._stack.append((tag, label))
            if label:
                self.labels.append("")

    _in_action_select = False

    def handle_endtag(self, tag):
        while self._stack:
            open_tag, _label = self._stack.pop()
            if open_tag == tag:
                break
        if tag == "select":
            self._in_action_select = False

    def handle_data(self, data):
        if any(label for _tag, label in self._stack):
            self.labels[-1] = " ".join(f"{self.labels[-1]} {data}".split())


def labels_of(html: str) -> list[str]:
    parser = Labels()
    parser.feed(html.split('id="content"', 1)[-1])
    return parser.labels


def project_admins():
    return sorted(
        ((m, a) for m, a in admin.site._registry.items() if m._meta.app_label in PROJECT_APPS),
        key=lambda item: item[0]._meta.label,
    )


def untranslated(english: list[str], vietnamese: list[str], where: str, data: set[str]) -> list[str]:
    """Labels that read the same in both languages, apart from the record's own name (data, not a label)."""
    same = {text.rstrip(":") for text in english} & {text.rstrip(":") for text in vietnamese}
    return [f"{where}: {text!r}" for text in sorted(same - data - SAME_IN_BOTH) if any(c.isalpha() for c in text)]


def pages_of(model):
    """(what, url, the record's name shown as the page's subtitle)"""
    opts = model._meta
    yield "changelist", reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), set()
    first = model._default_manager.order_by("pk").first()
    if first is not None:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
        yield "change form", url, {str(first)}


@pytest.fixture
def officer_client(client, admin_user):
    demo.demo_seed(participants=0)  # a row in every table, for the change forms
    sign_in_verified(client, admin_user)
    return client


def test_every_admin_page_of_the_project_reads_in_vietnamese(officer_client):
    found = []
    for model, _model_admin in project_admins():
        for what, url, data in pages_of(model):
            officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
            english = officer_client.get(url)
            officer_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
            vietnamese = officer_client.get(url)
            assert english.status_code == vietnamese.status_code == 200, url
            assert 'lang="vi"' in vietnamese.content.decode()[:200]
            found += untranslated(
                labels_of(english.content.decode()),
                labels_of(vietnamese.content.decode()),
                f"{model._meta.label} {what}",
                data,
            )
    assert found == [], "\n".join(found)


def declared_labels(model, model_admin, request):
    """What the admin declares: names of the model and its fields, help texts, choices, filters, actions,
    inlines and fieldsets."""
    opts = model._meta
    yield opts.verbose_name
    yield opts.verbose_name_plural
    yield opts.app_config.verbose_name
    for field in opts.get_fields():
        if not hasattr(field, "verbose_name") or field.auto_created:
            continue
        yield field.verbose_name
        if field.help_text:
            yield field.help_text
        for _value, label in field.flatchoices or ():
            yield label
    for name in model_admin.get_list_display(request):
        if name != "__str__":
            yield label_for_field(name, model, model_admin)
    for list_filter in model_admin.get_list_filter(request):
        if isinstance(list_filter, type):
            yield list_filter.title
    for _name, (_func, _action, description) in model_admin.get_actions(request).items():
        yield description
    for inline in model_admin.get_inline_instances(request):
        yield inline.model._meta.verbose_name
        yield inline.model._meta.verbose_name_plural
    for name, _options in model_admin.get_fieldsets(request) or ():
        if name:
            yield name


def test_every_label_the_admins_declare_is_translated(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    found = []
    for model, model_admin in project_admins():
        for label in declared_labels(model, model_admin, request):
            with translation.override("en"):
                english = str(label)
            with translation.override("vi"):
                vietnamese = str(label)
            if english == vietnamese and english not in SAME_IN_BOTH and any(c.isalpha() for c in english):
                found.append(f"{model._meta.label}: {english!r}")
    assert found == [], "\n".join(sorted(set(found)))
