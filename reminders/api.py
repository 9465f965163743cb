"""GET /api/v1/me/notifications/: the signed-in person's reminders with their channels and status."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import APIView

from participants import selectors as participant_selectors
from participants.api.schema import PageQuerySerializer, page_of

from .models import Delivery, Reminder
from .texts import reminder_body, reminder_title


class DeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["channel", "status", "sent_at"]


class NotificationSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id")
    read = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    body = serializers.SerializerMethodField()
    channels = DeliverySerializer(source="deliveries", many=True)

    class Meta:
        model = Reminder
        fields = ["id", "kind", "due_on", "created_at", "read", "read_at", "title", "body", "channels"]

    def get_read(self, reminder) -> bool:
        return reminder.read_at is not None

    def get_title(self, reminder) -> str:
        return reminder_title(reminder)

    def get_body(self, reminder) -> str:
        return reminder_body(reminder)


class NotificationPagination(PageNumberPagination):
    page_size = 30
    max_page_size = 100
    page_size_query_param = "page_size"


class NotificationQuerySerializer(PageQuerySerializer):
    MAX_PAGE_SIZE = NotificationPagination.max_page_size


class MeNotificationListApi(APIView):
    """Newest first; texts in the language of the request (Accept-Language)."""

    @extend_schema(
        parameters=[NotificationQuerySerializer],
        responses={200: page_of(NotificationSerializer)},
    )
    def get(self, request):
        NotificationQuerySerializer.read(request)
        participant = participant_selectors.participant_get_for_user(user=request.user, with_current_card=False)
        rows = Reminder.objects.filter(**({"participant": participant} if participant else {"user": request.user}))
        rows = rows.order_by("-created_at", "-id").prefetch_related("deliveries")
        paginator = NotificationPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(NotificationSerializer(page, many=True).data)
