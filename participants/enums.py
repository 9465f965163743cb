"""Choice sets shared by models, forms, the admin and the API."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    EMPLOYER = "employer", _("Employer")
    CLINIC = "clinic", _("Clinic staff")
    ADMIN = "admin", _("Administrator")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Language(models.TextChoices):
    VI = "vi", _("Vietnamese")
    EN = "en", _("English")


class Region(models.TextChoices):
    """Minimum-wage region of Decree 293/2025 (formerly Decree 74/2024)."""

    I = "I", _("Region I")  # noqa: E741 - the legal name of the region
    II = "II", _("Region II")
    III = "III", _("Region III")
    IV = "IV", _("Region IV")


class ProvinceKind(models.TextChoices):
    CITY = "city", _("Centrally-run city")
    PROVINCE = "province", _("Province")


class FacilityLevel(models.TextChoices):
    """Technical levels of Law 51/2024 (in force 01/01/2025)."""

    PRIMARY = "primary", _("Primary level")
    BASIC = "basic", _("Basic level")
    SPECIALISED = "specialised", _("Specialised level")


class ContractKind(models.TextChoices):
    INDEFINITE = "indefinite", _("Indefinite-term contract")
    FIXED_TERM = "fixed_term", _("Fixed-term contract (12 to 36 months)")
    SHORT_TERM = "short_term", _("Contract of 1 to under 12 months")
    CIVIL_SERVANT = "civil_servant", _("Civil servant or public employee")
    OTHER = "other", _("Other")


class Scheme(models.TextChoices):
    COMPULSORY = "compulsory", _("Compulsory social insurance (through an employer)")
    VOLUNTARY = "voluntary", _("Voluntary social insurance")
    HOUSEHOLD_HI = "household_hi", _("Household health insurance")
    STATE_HI = "state_hi", _("Health insurance paid by the State")

    @classmethod
    def employer_paid(cls) -> set[str]:
        return {cls.COMPULSORY}


class ContributionStatus(models.TextChoices):
    PAID = "paid", _("Paid")
    UNPAID = "unpaid", _("Unpaid (arrears)")
    REFUNDED = "refunded", _("Refunded")


class BenefitLevel(models.IntegerChoices):
    """The benefit digit printed on the HI card (QĐ 1351/QĐ-BHXH as amended)."""

    LEVEL_1 = 1, _("1 - 100%, no ceiling")
    LEVEL_2 = 2, _("2 - 100%, with ceilings on some high-tech services")
    LEVEL_3 = 3, _("3 - 95%")
    LEVEL_4 = 4, _("4 - 80%")
    LEVEL_5 = 5, _("5 - 100%, including costs outside the normal scope")


BENEFIT_PERCENT = {1: 100, 2: 100, 3: 95, 4: 80, 5: 100}


class ObjectGroup(models.TextChoices):
    """HI beneficiary groups (mã đối tượng) most often seen; the code is printed on old cards."""

    DN = "DN", _("DN - Enterprise employee")
    HC = "HC", _("HC - Civil servant")
    HT = "HT", _("HT - Pensioner")
    GD = "GD", _("GD - Household member")
    HS = "HS", _("HS - Pupil")
    SV = "SV", _("SV - Student")
    TE = "TE", _("TE - Child under 6")
    CC = "CC", _("CC - Person with revolutionary contributions")
    HN = "HN", _("HN - Poor household")
    CN = "CN", _("CN - Near-poor household")
    LH = "LH", _("LH - Social pensioner aged 75 or more")
    TN = "TN", _("TN - Receiving unemployment benefit")
    XN = "XN", _("XN - Village or neighbourhood worker")
    QN = "QN", _("QN - Military")
    CA = "CA", _("CA - Police")


class EmployerRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    HR_VIEWER = "hr_viewer", _("HR viewer")


class PayScale(models.TextChoices):
    """Whose salary scale an employer pays on (Law 41/2024/QH15 Art. 72(1)-(2)): the pension average differs."""

    PRIVATE = "private", _("Pay set by the employer")
    STATE = "state", _("The State's salary scale")
