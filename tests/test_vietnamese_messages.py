"""Issue 17, item 3: every error any form of the project can show reads in Vietnamese.

Every Form class in the project's apps (found by importing their modules, so a new form is covered without
touching this test), plus the Django forms our pages use, is filled with empty and with wrong values; each error
message, and the password rules, must be Vietnamese: no English words, no field code such as "(as_of)", and
none of Django's stock translations that read wrongly."""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.factories import ParticipantFactory, UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

APPS = ["participants", "accounts", "benefits", "employers", "checkin", "reminders", "bhxh_portal"]
ENGLISH = re.compile(
    r"\b(the|this|that|enter|ensure|must|field|fields|valid|invalid|please|password|number|select|value|required|"
    r"characters?|is|are|not|and|or|of|to|your|with|at|least|most|file|submitted|date|time|choice)\b",
    re.IGNORECASE,
)
WRONG_VIETNAMESE = ("tổng thể", "khả thi", "kí tự", "bằng với")
FIELD_CODE = re.compile(r"\(\s*[a-z]+(_[a-z]+)+\s*\)|\b[a-z]+_[a-z_]+\b")
BAD_VALUES = ["", "zz", "-5", "9" * 40, "x" * 300, "31/02/2026", "2026-13", "1.5", "abc@", "2026-02-31"]


def project_forms() -> list[type[forms.BaseForm]]:
    found = set()
    for app in APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__.split(".")[0] in APPS
                    and not value.__name__.startswith("_")
                ):
                    found.add(value)
    return sorted(found, key=lambda f: f"{f.__module__}.{f.__name__}")


def build(form_class, data, files, user):
    """The form as its view builds it."""
    if issubclass(form_class, AuthenticationForm):
        return form_class(request=RequestFactory().post("/accounts/login/"), data=data)
    if issubclass(form_class, SetPasswordForm):
        return form_class(user, data)
    return form_class(data, files)


def messages_of(form) -> list[str]:
    form.is_valid()
    return [str(message) for errors in form.errors.values() for message in errors]


def problems(messages: list[str], where: str) -> list[str]:
    found = []
    for message in messages:
        if ENGLISH.search(message) or any(wrong in message for wrong in WRONG_VIETNAMESE) or FIELD_CODE.search(message):
            found.append(f"{where}: {message!r}")
    return found


def test_the_project_has_forms_to_check():
    names = {f.__name__ for f in project_forms()}
    assert {"SignInForm", "CalculatorForm", "PeriodForm", "ActivationCompleteForm", "NewPasswordForm"} <= names


def test_every_form_error_reads_in_vietnamese():
    user = UserFactory(username="nguyen-van-an", first_name="An", last_name="Nguyễn Văn")
    user.set_password("mật-khẩu-cũ-2026")
    forms_to_check = [*project_forms(), SetPasswordForm, PasswordChangeForm]
    found = []
    with translation.override("vi"):
        for form_class in forms_to_check:
            fields = build(form_class, None, None, user).fields
            for bad in BAD_VALUES:
                data = {name: bad for name in fields}
                files = {
                    name: SimpleUploadedFile("x.txt", bad.encode())
                    for name, f in fields.items()
                    if isinstance(f, forms.FileField)
                }
                form = build(form_class, data, files, user)
                found += problems(messages_of(form), f"{form_class.__name__} with {bad[:12]!r}")
            found += problems(messages_of(build(form_class, {}, {}, user)), f"{form_class.__name__} empty")
    assert found == [], "\n".join(sorted(set(found)))


@pytest.mark.parametrize("password", ["123", "password", "12345678901", "nguyen-van-an", "ngắn"])
def test_password_rules_read_in_vietnamese(password):
    user = UserFactory.build(username="nguyen-van-an", first_name="An")
    with translation.override("vi"):
        help_texts = password_validation.password_validators_help_texts()
        try:
            password_validation.validate_password(password, user)
            messages = []
        except ValidationError as error:
            messages = error.messages
    assert problems([*messages, *help_texts], password) == []
    assert messages or password == "nguyen-van-an"


def test_calculator_errors_from_the_rules_read_in_vietnamese(client):
    """The calculator page shows the API serializer's errors too; none may be English or a field code."""
    data = {
        "sex": "male",
        "birth_date": "2030-01-01",  # after today: the serializer's error
        "children": "1",
        "child_order": "1",
        "periods-TOTAL_FORMS": "2",
        "periods-INITIAL_FORMS": "0",
        "periods-0-start": "2010-01",
        "periods-0-end": "2012-12",
        "periods-0-scheme": "compulsory",
        "periods-0-monthly_salary": "5000000",
        "periods-0-region": "I",
        "periods-1-start": "2012-01",  # overlaps the first
        "periods-1-end": "2013-12",
        "periods-1-scheme": "compulsory",
        "periods-1-monthly_salary": "5000000",
        "periods-1-region": "I",
        "calculate": "1",
    }
    response = client.post(reverse("calculator"), data, HTTP_ACCEPT_LANGUAGE="vi")
    form, formset = response.context["form"], response.context["formset"]
    messages = [str(m) for errors in form.errors.values() for m in errors]
    messages += [str(m) for f in formset.forms for errors in f.errors.values() for m in errors]
    assert messages, "the bad request was accepted"
    assert problems(messages, "calculator") == []


def test_a_participant_exists_for_forms_that_look_one_up():
    assert ParticipantFactory().national_id  # the activation form's lookups run against real rows
