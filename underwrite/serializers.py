"""Input and output shapes of the underwrite calls, shared by the REST API and the JSON-RPC methods so both
front doors parse and answer alike (seed 002 parameter names, DESIGN §4 "Shapes": underwrite)."""

import base64
import binascii
from datetime import UTC, datetime

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.errors import ValidationFailed
from common.fields import IdOrText
from underwrite.models import Underwrite

# The seed's Chinese result words (submitUnderwriteResult "未通过", alterUnderwriteResult "通过").
RESULT_WORDS = {
    "passed": Underwrite.Result.PASSED, "pass": Underwrite.Result.PASSED, "通过": Underwrite.Result.PASSED,
    "failed": Underwrite.Result.FAILED, "fail": Underwrite.Result.FAILED, "未通过": Underwrite.Result.FAILED,
}


def format_instant(value: datetime | None) -> str | None:
    """UTC ISO 8601 with microseconds, so a time read from an answer round-trips to the same instant."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def parse_instant(value) -> datetime:
    """Parse ISO 8601 (`T` or a space, optional offset or `Z`); a time without an offset is UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = parse_datetime(value.strip())
        except ValueError:
            parsed = None
        if parsed is None:
            raise ValueError(value)
    else:
        raise ValueError(value)
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    # Raises OverflowError for an instant outside what UTC can hold (e.g. 9999-12-31T23:59:59-01:00).
    return parsed.astimezone(UTC)


@extend_schema_field(OpenApiTypes.DATETIME)
class InstantField(serializers.Field):
    default_error_messages = {"invalid": _("Enter a date and time in ISO 8601, e.g. 2026-11-21T08:00:00Z.")}

    def to_internal_value(self, data):
        try:
            return parse_instant(data)
        except (ValueError, OverflowError):
            self.fail("invalid")

    def to_representation(self, value):
        return format_instant(value)


@extend_schema_field({"type": "string", "enum": ["passed", "failed", "通过", "未通过"]})
class ResultField(serializers.Field):
    default_error_messages = {"invalid": _("Use passed or failed (通过 or 未通过).")}

    def to_internal_value(self, data):
        result = RESULT_WORDS.get(str(data).strip().lower()) if isinstance(data, str) else None
        if result is None:
            self.fail("invalid")
        return result

    def to_representation(self, value):
        return value


def validate_input(serializer_class, data, *, partial=False) -> dict:
    """Validate `data` with an input serializer; bad input → ValidationFailed (400) with field errors."""
    serializer = serializer_class(data=data, partial=partial)
    if not serializer.is_valid():
        errors = serializer.errors
        first = next(iter(errors.values()))
        message = first[0] if isinstance(first, list) and first else first
        if isinstance(message, dict):
            message = next(iter(message.values()))
            message = message[0] if isinstance(message, list) else message
        field = next(iter(errors))
        raise ValidationFailed(f"{field}: {message}", data=errors)
    return serializer.validated_data


# --- input -------------------------------------------------------------------------------------------------
class UnderwriteCreateInput(serializers.Serializer):
    oid = serializers.CharField(max_length=64)
    plan_time = InstantField()
    validate_place = serializers.CharField(max_length=256)
    # The seed sends it on create; nothing is stored yet, so it is only checked for format.
    validate_update_time = InstantField(required=False, allow_null=True)
    # The seed's `operator`: a user id or a username (digit strings are ids too); null or missing: the caller.
    operator = IdOrText(required=False, allow_null=True)


class UnderwriteProblemInput(serializers.Serializer):
    type = serializers.CharField(max_length=32)
    description = serializers.CharField(allow_blank=True, required=False, default="")


# A photo URL: an http(s) or ftp(s) URL (Django's URLValidator) of at most 255 characters. Django refuses a host
# over 253 characters, which a longer limit would let the schema promise (the photo column holds 1024).
PHOTO_URL_MAX_LENGTH = 255
PHOTO_URL_SCHEMA = {"type": "string", "format": "uri", "maxLength": PHOTO_URL_MAX_LENGTH}
# An image sent inline: `data:<type>;base64,<payload>` with a non-empty, well-padded base64 payload.
DATA_URI_PATTERN = r"^data:[^,]*;base64[^,]*,(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$"


@extend_schema_field(PHOTO_URL_SCHEMA)
class PhotoUrlField(serializers.Field):
    """A photo as the seed's URL string, or `{photo: url}`."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("photo")
        if not isinstance(data, str):
            raise serializers.ValidationError(_("A photo is a URL string."))
        url = data.strip()
        serializers.URLField(max_length=PHOTO_URL_MAX_LENGTH).run_validation(url)
        return url

    def to_representation(self, value):
        return value


class UnderwriteFillInput(serializers.Serializer):
    real_place = serializers.CharField(max_length=256)
    operator = IdOrText(required=False, allow_null=True)
    certificate_state = serializers.ChoiceField(choices=Underwrite.CertificateState.choices)
    problems = UnderwriteProblemInput(many=True, required=False, default=list, max_length=50)
    photos = serializers.ListField(child=PhotoUrlField(), required=False, default=list, max_length=50)


class UnderwriteResultInput(serializers.Serializer):
    underwrite_result = ResultField()
    result_update_time = InstantField(required=False, allow_null=True)


class UnderwriteValidatePlaceInput(serializers.Serializer):
    validate_place = serializers.CharField(max_length=256)
    validate_update_time = InstantField(allow_null=True)


class UnderwriteRealPlaceInput(serializers.Serializer):
    real_place = serializers.CharField(max_length=256)
    real_update_time = InstantField(allow_null=True)


class UnderwriteNoteInput(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, max_length=10000)
    note_update_time = InstantField(allow_null=True)


@extend_schema_field({"anyOf": [PHOTO_URL_SCHEMA, {"type": "string", "pattern": DATA_URI_PATTERN}],
                     "description": "A photo URL, or an image as a data: URI (base64)."})
class PhotoField(serializers.Field):
    """uploadPhotos' `photo`: the seed's URL string, or the image itself as `data:image/…;base64,…` so that
    JSON-RPC clients can send real files too. Answers a URL (str) or an UploadedFile (checked later by the
    service, by content and size)."""

    default_error_messages = {
        "base64": _("The data: URI is not valid base64."),
        "too_large": _("File too large."),
    }

    def to_internal_value(self, data):
        if isinstance(data, str) and data.strip().startswith("data:"):
            header, _sep, payload = data.strip().partition(",")
            if ";base64" not in header or not payload:
                self.fail("base64")
            # Refuse before decoding: base64 is 4 characters for 3 bytes.
            if len(payload) * 3 // 4 > settings.UPLOAD_MAX_BYTES + 3:
                self.fail("too_large")
            try:
                content = base64.b64decode(payload, validate=True)
            except (binascii.Error, ValueError):
                self.fail("base64")
            return SimpleUploadedFile("photo", content, header[5:].split(";")[0] or "application/octet-stream")
        return PhotoUrlField().to_internal_value(data)

    def to_representation(self, value):
        return value


class UnderwritePhotoUrlsInput(serializers.Serializer):
    photo = serializers.ListField(child=PhotoField(), min_length=1, max_length=50)


def photos_split(values: list) -> tuple[list, list[str]]:
    """Split validated photos into (uploaded files, URLs)."""
    return [v for v in values if not isinstance(v, str)], [v for v in values if isinstance(v, str)]


# --- output ------------------------------------------------------------------------------------------------
class UnderwriteProblemOutput(serializers.Serializer):
    id = serializers.UUIDField()
    type = serializers.CharField()
    description = serializers.CharField()


class UnderwritePhotoOutput(serializers.Serializer):
    id = serializers.UUIDField()
    photo = serializers.SerializerMethodField()
    content_type = serializers.CharField()
    created_at = InstantField()

    def get_photo(self, photo) -> str:
        # An uploaded file is served by the API to the people allowed to read the underwrite, not as a
        # public media URL.
        if photo.file:
            return reverse("underwrite-photo-file", kwargs={"pk": photo.underwrite_id, "photo_id": photo.pk})
        return photo.photo


class UnderwriteOutput(serializers.Serializer):
    id = serializers.UUIDField()
    order = serializers.UUIDField(source="order_id")
    order_no = serializers.CharField(source="order.order_no")
    buyer = serializers.IntegerField(source="order.buyer_id")
    quotation = serializers.UUIDField(source="quotation_id")
    operator = serializers.IntegerField(source="operator_id", allow_null=True)
    operator_name = serializers.SerializerMethodField()
    state = serializers.CharField()
    plan_time = InstantField()
    real_time = InstantField()
    validate_place = serializers.CharField()
    validate_update_time = InstantField()
    real_place = serializers.CharField(allow_null=True)
    real_update_time = InstantField()
    certificate_state = serializers.IntegerField(allow_null=True)
    note = serializers.CharField(allow_null=True)
    note_update_time = InstantField()
    underwrite_result = serializers.CharField(allow_null=True)
    result_update_time = InstantField()
    created_at = InstantField()
    updated_at = InstantField()
    deleted = serializers.BooleanField()
    problems = serializers.SerializerMethodField()
    photos = serializers.SerializerMethodField()

    def get_operator_name(self, underwrite) -> str | None:
        return underwrite.operator.username if underwrite.operator_id else None

    @extend_schema_field(UnderwriteProblemOutput(many=True))
    def get_problems(self, underwrite) -> list[dict]:
        return UnderwriteProblemOutput([p for p in underwrite.problems.all() if not p.deleted], many=True).data

    @extend_schema_field(UnderwritePhotoOutput(many=True))
    def get_photos(self, underwrite) -> list[dict]:
        return UnderwritePhotoOutput([p for p in underwrite.photos.all() if not p.deleted], many=True).data


def underwrite_data(underwrite: Underwrite) -> dict:
    """The answer for one underwrite (REST, JSON-RPC and the cache all use this)."""
    return _plain(UnderwriteOutput(underwrite).data)


def _plain(value):
    # ReturnDict/ReturnList → dict/list, so the value compares equal to its JSON round trip.
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
