"""The coverage figures and targets are editable in the admin, in Vietnamese; the snapshots are read only."""

import datetime

import pytest

from coverage_stats.models import CoverageTarget, Measure, ProvinceFigure
from tests import factories
from tests.twofactor_support import sign_in_verified

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def admin_client(client):
    sign_in_verified(client, factories.UserFactory(role="admin", is_staff=True, is_superuser=True))
    return client


def test_figures_and_targets_listed_in_vietnamese(admin_client):
    page = admin_client.get("/admin/coverage_stats/provincefigure/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "số liệu dân số và lực lượng lao động" in page.lower()
    assert "Thành phố Hà Nội" in page and "8717600" in page.replace(".", "").replace(",", "")
    page = admin_client.get("/admin/coverage_stats/coveragetarget/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Resolution 28-NQ/TW" in page and "Mục tiêu bao phủ" in page


def test_an_overlapping_figure_is_refused_and_nothing_saved(admin_client):
    hanoi = factories.province("01")
    before = ProvinceFigure.objects.count()
    response = admin_client.post(
        "/admin/coverage_stats/provincefigure/add/",
        {
            "province": hanoi.pk,
            "measure": Measure.POPULATION,
            "value": "9000000",
            "effective_from": "01/01/2025",
            "source": "GSO 2025",
            "mark": "C",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 200
    assert "trùng với dòng có hiệu lực từ 01/01/2024" in response.content.decode()
    assert ProvinceFigure.objects.count() == before


def test_snapshots_cannot_be_added_by_hand(admin_client):
    assert admin_client.get("/admin/coverage_stats/coveragesnapshot/add/").status_code == 403
    assert CoverageTarget.objects.filter(scheme="hi", effective_from=datetime.date(2027, 1, 1)).get().percent == 100
