"""What the API answers: ISO dates, and every coded value as both its code and its label."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from countries.models import Country, Region, TierRating
from countries.tiers import Movement, Tier
from recommendations.models import Pillar, Recommendation, Status, StatusChange
from tipwatch.api.schema import NO_NUL, NOTE_NEEDED, WEB_ADDRESS, WITHIN_REPORT_YEAR
from tipwatch.core.limits import MAX_URL_LENGTH
from tipwatch.core.parsing import is_whole_number, validate_link
from tipwatch.core.people import names_shown, recorder_name


class WholeNumberField(serializers.IntegerField):
    """An integer given as a JSON number, or as a string of ASCII digits only."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not is_whole_number(data.strip()):
            self.fail("invalid")
        return super().to_internal_value(data)


def _code_label_schema(choices, nullable=False):
    return {
        "type": "object",
        "nullable": nullable,
        "properties": {
            "code": {"type": "string", "enum": [code for code, _ in choices]},
            "label": {"type": "string"},
        },
        "required": ["code", "label"],
    }


def code_label_field(choices, nullable=False):
    """A read-only field giving {"code": ..., "label": ...} of a choice (None when empty)."""
    labels = dict(choices)

    @extend_schema_field(_code_label_schema(choices, nullable))
    class CodeLabel(serializers.Field):
        def __init__(self, **kwargs):
            super().__init__(read_only=True, **kwargs)

        def to_representation(self, value):
            if value in (None, ""):
                return None
            return {"code": value, "label": labels.get(value, value)}

        def get_attribute(self, instance):
            # A missing annotation or an empty choice is None, not an error.
            try:
                return super().get_attribute(instance)
            except (AttributeError, KeyError):
                return None

    return CodeLabel()


class CountryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["iso3", "name", "slug"]


class CountrySerializer(serializers.ModelSerializer):
    region = code_label_field(Region.choices)
    latest_year = serializers.IntegerField(read_only=True, allow_null=True)
    latest_tier = code_label_field(Tier.choices, nullable=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Country
        fields = [
            "iso3",
            "iso2",
            "name",
            "slug",
            "region",
            "aliases",
            "latest_year",
            "latest_tier",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, country):
        return self.context["request"].build_absolute_uri(country.get_absolute_url())


class TierRatingSerializer(serializers.ModelSerializer):
    country = CountryBriefSerializer(read_only=True)
    tier = code_label_field(Tier.choices)
    previous_tier = code_label_field(Tier.choices, nullable=True)
    movement = code_label_field(Movement.choices)

    class Meta:
        model = TierRating
        fields = [
            "country",
            "year",
            "tier",
            "previous_tier",
            "movement",
            "summary",
            "source",
            "basis",
            "watch_list_years",
            "at_risk",
            "auto_downgrade",
            "waiver",
            "waiver_granted",
            "waivers_used",
            "is_synthetic",
        ]


class StatusChangeSerializer(serializers.ModelSerializer):
    status = code_label_field(Status.choices)
    recorded_by = serializers.SerializerMethodField()

    class Meta:
        model = StatusChange
        fields = ["id", "status", "as_of", "note", "evidence_url", "recorded_by", "recorded_at"]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_recorded_by(self, change):
        """Who recorded it, as the pages say it (tipwatch.core.people: "an admin" to anonymous
        readers in public mode), and None when a command recorded it."""
        username = change.recorded_by.get_username() if change.recorded_by else ""
        shown = names_shown(self.context.get("request"))
        return recorder_name(username, shown=shown, nobody=None)


class FeedChangeSerializer(StatusChangeSerializer):
    """A change in the feed, with what it is about."""

    recommendation = serializers.SerializerMethodField()

    class Meta(StatusChangeSerializer.Meta):
        fields = [*StatusChangeSerializer.Meta.fields, "recommendation"]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "year": {"type": "integer"},
                "position": {"type": "integer"},
                "country": {
                    "type": "object",
                    "properties": {k: {"type": "string"} for k in ("iso3", "name", "slug")},
                },
            },
        }
    )
    def get_recommendation(self, change):
        rec = change.recommendation
        return {
            "id": rec.pk,
            "year": rec.year,
            "position": rec.position,
            "country": CountryBriefSerializer(rec.country).data,
        }


class ThemeSerializer(serializers.Serializer):
    """A theme as every coded value: {"code": slug, "label": label}."""

    code = serializers.CharField(source="slug", read_only=True)
    label = serializers.CharField(read_only=True)


class RecommendationSerializer(serializers.ModelSerializer):
    country = CountryBriefSerializer(read_only=True)
    pillar = code_label_field(Pillar.choices)
    themes = ThemeSerializer(many=True, read_only=True)
    status = code_label_field(Status.choices)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "country",
            "year",
            "position",
            "text",
            "pillar",
            "themes",
            "status",
            "status_as_of",
            "status_version",
            "recurrence_years",
            "carried_over_from",
            "removed_from_report",
            "source",
            "is_synthetic",
            "url",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, recommendation):
        return self.context["request"].build_absolute_uri(recommendation.get_absolute_url())


class RecurrenceChainYearSerializer(serializers.Serializer):
    """One ask of a recurrence chain: its id and report year."""

    id = serializers.IntegerField()
    year = serializers.IntegerField()


class RecommendationDetailSerializer(RecommendationSerializer):
    history = StatusChangeSerializer(many=True, read_only=True)
    chain = RecurrenceChainYearSerializer(
        many=True,
        read_only=True,
        help_text="The recurrence chain through this recommendation (joined by "
        "carried_over_from), oldest first; itself alone when it is carried over from or into none.",
    )

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "history", "chain"]


@extend_schema_field(
    {
        "type": "string",
        "format": "date",
        WITHIN_REPORT_YEAR: True,
        "description": "The date the status became true: from 1 January of the "
        "recommendation's report year to today (400 otherwise).",
    }
)
class StatusDateField(serializers.DateField):
    """The as-of date of a status; its range is checked by the status service."""


@extend_schema_field(
    {
        "type": "string",
        "pattern": NO_NUL,
        "maxLength": 5000,
        NOTE_NEEDED: True,
        "description": "What the status is based on: required (not blank) for every status "
        "but not_assessed (400 otherwise).",
    }
)
class NoteField(serializers.CharField):
    """A note: any text but a NUL character (DRF refuses one), at most 5,000 characters;
    the status service requires one for every status but not_assessed."""


@extend_schema_field(
    {
        "type": "string",
        "maxLength": MAX_URL_LENGTH,
        "pattern": "^(https?://[^\\s\\\\]+)?$",
        WEB_ADDRESS: True,
        "description": "An http:// or https:// link to a host (as the form accepts), or empty.",
    }
)
class EvidenceLinkField(serializers.CharField):
    """An evidence link, checked by tipwatch.core.parsing.check_link."""


class RecordStatusSerializer(serializers.Serializer):
    """A new status, made from the status_version the caller last read."""

    status = serializers.ChoiceField(choices=Status.choices)
    as_of = StatusDateField()
    note = NoteField(required=False, allow_blank=True, default="", max_length=5000)
    evidence_url = EvidenceLinkField(
        required=False,
        allow_blank=True,
        default="",
        max_length=MAX_URL_LENGTH,
        validators=[validate_link],
    )
    expected_version = WholeNumberField(
        min_value=0,
        max_value=2**31 - 1,
        help_text="The recommendation's status_version when you read it; if another status "
        "was recorded since, the answer is 409 with the newer change.",
    )


class RecordedStatusSerializer(serializers.Serializer):
    change = StatusChangeSerializer()
    recommendation = RecommendationSerializer()


class StaleStatusSerializer(serializers.Serializer):
    detail = serializers.CharField()
    latest_change = StatusChangeSerializer(allow_null=True)
    status_version = serializers.IntegerField()
