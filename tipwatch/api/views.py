"""API views: thin, reading through the QuerySet methods and writing through the services.

Access is DRF's: tipwatch.api.permissions.ReadAccess (reads need a login, or
PUBLIC_READ_ONLY) and CanRecordStatus for the one write. The views are exempt from the
site's login-redirect middleware (a script gets 401, not a login page).
"""

import logging
import re

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from countries.models import Country, TierRating
from recommendations.filters import RecommendationFilter
from recommendations.models import Recommendation, StatusChange
from recommendations.recurrence import recurrence_chain
from recommendations.services import AlreadyRecorded, StaleStatusError, record_status
from tipwatch.api import idempotency, serializers
from tipwatch.api.filters import ChangeFeedFilter, CountryApiFilter, TierApiFilter
from tipwatch.api.pagination import NewestFirstCursor
from tipwatch.api.permissions import CanRecordStatus
from tipwatch.api.schema import FilterParameters  # noqa: F401 (the schema's filter reading)

logger = logging.getLogger("tipwatch.api")


class CheckedLookup:
    """Any path segment reaches the view, which answers a malformed one with the API's own
    JSON 404 (not the site's HTML page); a well-formed one is looked up. Ids beyond the
    database's bigint are malformed (they must not reach the database)."""

    lookup_value_regex = "[^/]+"
    lookup_shape = re.compile(r"[0-9]{1,18}")

    def get_object(self):
        value = self.kwargs[self.lookup_field]
        if not self.lookup_shape.fullmatch(value):
            raise NotFound(f"No such {self.queryset.model._meta.verbose_name}.")
        return super().get_object()


class CountryViewSet(CheckedLookup, viewsets.ReadOnlyModelViewSet):
    """Countries with their latest tier on record, by name."""

    queryset = Country.objects.with_latest_tier().order_by("sort_name", "id")
    serializer_class = serializers.CountrySerializer
    filterset_class = CountryApiFilter
    lookup_field = "iso3"
    lookup_shape = re.compile("[A-Za-z]{3}")

    def get_object(self):
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()


class TierRatingViewSet(CheckedLookup, viewsets.ReadOnlyModelViewSet):
    """Tier ratings, newest year first, then by country name; with their source and basis."""

    queryset = TierRating.objects.select_related("country").order_by(
        "-year", "country__sort_name", "id"
    )
    serializer_class = serializers.TierRatingSerializer
    filterset_class = TierApiFilter


class RecommendationViewSet(CheckedLookup, viewsets.ReadOnlyModelViewSet):
    """Recommendations with the list page's filters (recommendations.filters), in its order;
    one recommendation with its status history and recurrence chain."""

    queryset = Recommendation.objects.with_country().with_themes().in_list_order()
    filterset_class = RecommendationFilter

    def filter_queryset(self, queryset):
        # The list's filters are for the list: one recommendation is found by its id alone
        # (and without the year filter's query of the years on record).
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.RecommendationDetailSerializer
        return serializers.RecommendationSerializer

    def retrieve(self, request, *args, **kwargs):
        recommendation = self.get_object()
        recommendation.history = list(recommendation.status_changes.timeline())
        chain = recurrence_chain(
            recommendation.country.recommendations.recurrence_rows(), recommendation.pk
        )
        recommendation.chain = [{"id": pk, "year": year} for pk, year in chain]
        return Response(self.get_serializer(recommendation).data)

    @extend_schema(
        request=serializers.RecordStatusSerializer,
        parameters=[idempotency.PARAMETER],
        responses={
            201: serializers.RecordedStatusSerializer,
            409: serializers.StaleStatusSerializer,
            422: idempotency.REUSED_RESPONSE,
        },
    )
    @action(
        detail=True, methods=["post"], url_path="statuses", permission_classes=[CanRecordStatus]
    )
    def record_status(self, request, pk=None):
        """Record a status (admins): the same service and refusals as the form. 409 when
        another status was recorded since `expected_version`, or when this very change (same
        status, as-of date, note and evidence link) is already in the history; either way
        with that change and the current version. An `Idempotency-Key` makes a retry safe."""
        recommendation = self.get_object()
        if refused := idempotency.key_problem(request):
            return refused
        given = serializers.RecordStatusSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        return idempotency.once(
            request, data, lambda: self._record_status(request, recommendation, data)
        )

    def _record_status(self, request, recommendation, data):
        try:
            change = record_status(
                recommendation=recommendation,
                status=data["status"],
                as_of=data["as_of"],
                note=data["note"],
                evidence_url=data["evidence_url"],
                user=request.user,
                expected_version=data["expected_version"],
            )
        except (StaleStatusError, AlreadyRecorded) as refused:
            recommendation.refresh_from_db(fields=["status_version"])
            return Response(
                {
                    "detail": refused.messages[0],
                    "latest_change": refused.latest_change
                    and serializers.StatusChangeSerializer(refused.latest_change).data,
                    "status_version": recommendation.status_version,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except ValidationError as invalid:
            return Response(_error_body(invalid), status=status.HTTP_400_BAD_REQUEST)
        logger.info(
            "API: %s recorded %s as of %s on recommendation %s",
            request.user.get_username(),
            change.status,
            change.as_of,
            recommendation.pk,
        )
        return Response(
            {
                "change": serializers.StatusChangeSerializer(
                    change, context={"request": request}
                ).data,
                "recommendation": serializers.RecommendationSerializer(
                    recommendation, context={"request": request}
                ).data,
            },
            status=status.HTTP_201_CREATED,
        )


def _error_body(error):
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"detail": " ".join(error.messages)}


class ChangeFeed(generics.ListAPIView):
    """Every status change, newest recorded first, cursor-paginated; `since` keeps those
    recorded after a timestamp (poll with the newest recorded_at you have seen)."""

    queryset = StatusChange.objects.with_context()
    serializer_class = serializers.FeedChangeSerializer
    filterset_class = ChangeFeedFilter
    pagination_class = NewestFirstCursor
