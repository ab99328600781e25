"""The seed-002 underwrite calls as JSON-RPC methods (DESIGN §8 "JSON-RPC"): positional params in the seed's
order; calls that act on one underwrite take its id (`uwid`) first. Same inputs and services as the REST API;
each answers the underwrite (`data`)."""

from common.jsonrpc import rpc_method
from underwrite import selectors, services
from underwrite.serializers import (
    UnderwriteCreateInput,
    UnderwriteFillInput,
    UnderwriteNoteInput,
    UnderwritePhotoUrlsInput,
    UnderwriteRealPlaceInput,
    UnderwriteResultInput,
    UnderwriteValidatePlaceInput,
    photos_split,
    underwrite_data,
    validate_input,
)


def _answer(underwrite_id) -> dict:
    return underwrite_data(selectors.underwrite_get(underwrite_id))


def _uwid(uwid) -> str:
    # An unknown or malformed id is a 404 answer, like the REST path.
    return str(selectors.underwrite_get(uwid).pk)


@rpc_method("underwrite.createUnderwrite")
def create_underwrite(request, oid, plan_time, validate_place, validate_update_time=None):
    data = validate_input(UnderwriteCreateInput, {
        "oid": oid, "plan_time": plan_time, "validate_place": validate_place,
        "validate_update_time": validate_update_time,
    })
    underwrite = services.underwrite_create(
        actor=request.user, oid=data["oid"], plan_time=data["plan_time"], validate_place=data["validate_place"]
    )
    return _answer(underwrite.pk)


@rpc_method("underwrite.fillUnderwrite")
def fill_underwrite(request, uwid, real_place, operator=None, certificate_state=None, problems=None, photos=None):
    data = validate_input(UnderwriteFillInput, {
        "real_place": real_place, "operator": operator, "certificate_state": certificate_state,
        "problems": problems or [], "photos": photos or [],
    })
    uwid = _uwid(uwid)
    services.underwrite_fill(
        actor=request.user, underwrite_id=uwid, real_place=data["real_place"], operator=data.get("operator"),
        certificate_state=data["certificate_state"], problems=data["problems"], photos=data["photos"],
    )
    return _answer(uwid)


@rpc_method("underwrite.submitUnderwriteResult")
def submit_underwrite_result(request, uwid, underwrite_result, result_update_time=None):
    data = validate_input(UnderwriteResultInput, {"underwrite_result": underwrite_result, "result_update_time": result_update_time})
    uwid = _uwid(uwid)
    services.underwrite_submit_result(
        actor=request.user, underwrite_id=uwid, result=data["underwrite_result"],
        last_seen=data.get("result_update_time"),
    )
    return _answer(uwid)


@rpc_method("underwrite.alterUnderwriteResult")
def alter_underwrite_result(request, uwid, underwrite_result, result_update_time=None):
    data = validate_input(UnderwriteResultInput, {"underwrite_result": underwrite_result, "result_update_time": result_update_time})
    uwid = _uwid(uwid)
    services.underwrite_alter_result(
        actor=request.user, underwrite_id=uwid, result=data["underwrite_result"],
        last_seen=data.get("result_update_time"),
    )
    return _answer(uwid)


@rpc_method("underwrite.alterValidatePlace")
def alter_validate_place(request, uwid, validate_place, validate_update_time=None):
    data = validate_input(
        UnderwriteValidatePlaceInput, {"validate_place": validate_place, "validate_update_time": validate_update_time}
    )
    uwid = _uwid(uwid)
    services.underwrite_alter_validate_place(
        actor=request.user, underwrite_id=uwid, validate_place=data["validate_place"],
        last_seen=data["validate_update_time"],
    )
    return _answer(uwid)


@rpc_method("underwrite.alterRealPlace")
def alter_real_place(request, uwid, real_place, real_update_time=None):
    data = validate_input(UnderwriteRealPlaceInput, {"real_place": real_place, "real_update_time": real_update_time})
    uwid = _uwid(uwid)
    services.underwrite_alter_real_place(
        actor=request.user, underwrite_id=uwid, real_place=data["real_place"], last_seen=data["real_update_time"]
    )
    return _answer(uwid)


@rpc_method("underwrite.alterNote")
def alter_note(request, uwid, note, note_update_time=None):
    data = validate_input(UnderwriteNoteInput, {"note": note, "note_update_time": note_update_time})
    uwid = _uwid(uwid)
    services.underwrite_alter_note(actor=request.user, underwrite_id=uwid, note=data["note"],
                                   last_seen=data["note_update_time"])
    return _answer(uwid)


@rpc_method("underwrite.uploadPhotos")
def upload_photos(request, uwid, photo):
    """The seed's URL form, or images as base64 `data:` URIs (one or a list); multipart files go through
    `POST underwrites/{id}/photos`."""
    data = validate_input(UnderwritePhotoUrlsInput, {"photo": photo if isinstance(photo, list) else [photo]})
    uwid = _uwid(uwid)
    files, urls = photos_split(data["photo"])
    services.underwrite_add_photos(actor=request.user, underwrite_id=uwid, files=files, urls=urls)
    return _answer(uwid)


@rpc_method("underwrite.getUnderwriteByOrder")
def get_underwrite_by_order(request, oid):
    return selectors.underwrite_data_by_order_for_user(oid=oid, user=request.user)
