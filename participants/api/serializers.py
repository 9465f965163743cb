from rest_framework import serializers


class ParticipantProfileSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    full_name = serializers.CharField()
    birth_date = serializers.DateField()
    sex = serializers.CharField()
    province = serializers.CharField(source="province.name")
    phone = serializers.CharField()
    email = serializers.EmailField()
    preferred_language = serializers.CharField()


class MeSerializer(serializers.Serializer):
    """The signed-in account; `participant` is null for staff accounts."""

    username = serializers.CharField()
    role = serializers.CharField()
    participant = ParticipantProfileSerializer(allow_null=True)


class CardSerializer(serializers.Serializer):
    card_number = serializers.CharField()
    object_group = serializers.CharField()
    benefit_level = serializers.IntegerField()
    benefit_percent = serializers.IntegerField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField()
    five_year_date = serializers.DateField(allow_null=True)
    facility_code = serializers.CharField(source="facility.code")
    facility_name = serializers.CharField(source="facility.name")


class EmploymentSerializer(serializers.Serializer):
    employer = serializers.CharField(source="employer.name")
    job_title = serializers.CharField()
    start_date = serializers.DateField()


class ArrearsSerializer(serializers.Serializer):
    employer_name = serializers.CharField()
    months = serializers.IntegerField()
    first_month = serializers.DateField()
    last_month = serializers.DateField()


class CoverageSerializer(serializers.Serializer):
    card = CardSerializer(allow_null=True)
    status = serializers.CharField(allow_null=True, help_text="valid, expiring, expired or not_yet_valid")
    days_left = serializers.IntegerField(allow_null=True)
    employments = EmploymentSerializer(many=True)
    arrears = ArrearsSerializer(many=True)


class ContributionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    month = serializers.SerializerMethodField()
    scheme = serializers.CharField()
    employer = serializers.CharField(source="employer.name", allow_null=True, default=None)
    salary_basis = serializers.IntegerField()
    retirement_amount = serializers.IntegerField()
    sickness_maternity_amount = serializers.IntegerField()
    occupational_amount = serializers.IntegerField()
    health_amount = serializers.IntegerField()
    unemployment_amount = serializers.IntegerField()
    employee_share = serializers.IntegerField()
    employer_share = serializers.IntegerField()
    state_share = serializers.IntegerField()
    status = serializers.CharField()
    paid_on = serializers.DateField(allow_null=True)

    def get_month(self, record) -> str:
        return f"{record.month:%Y-%m}"
