"""Seed-002 users' own vehicles and drivers (DESIGN §9 "Vehicles and drivers"): create and edit their own."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import Conflict, NotFound
from orders.models import Driver, Vehicle
from orders.selectors import parse_uuid, vehicle_get_for_user

VEHICLE_FIELDS = ("plate_no", "vin", "value")
DRIVER_FIELDS = ("vehicle", "name", "license_no", "phone")


def _save_unique(row, **fields):
    """Save `row`; a plate number or VIN another vehicle holds is a 409 naming it."""
    try:
        with transaction.atomic():
            row.save(**fields)
    except IntegrityError:
        raise Conflict(_("A vehicle with this plate number or VIN already exists."),
                       data={"plate_no": row.plate_no, "vin": row.vin}) from None
    return row


def vehicle_create(*, owner: User, plate_no: str, vin: str, value: Decimal = Decimal(0)) -> Vehicle:
    """Register a vehicle of `owner`."""
    return _save_unique(Vehicle(owner=owner, plate_no=plate_no, vin=vin, value=value))


def vehicle_update(*, actor: User, vehicle_id, **changes) -> Vehicle:
    """Edit one of the actor's own vehicles (plate number, VIN, value)."""
    with transaction.atomic():
        vehicle = _own(Vehicle, actor, vehicle_id, _("Vehicle not found."))
        for name in VEHICLE_FIELDS:
            if name in changes:
                setattr(vehicle, name, changes[name])
        return _save_unique(vehicle)


def _own(model, actor: User, row_id, missing: str):
    """Lock one row the actor owns; 404 otherwise (someone else's rows are not theirs to know about)."""
    pk = parse_uuid(row_id)
    row = model.objects.select_for_update().filter(pk=pk, owner=actor).first() if pk else None
    if row is None:
        raise NotFound(missing)
    return row


def _vehicle_of(actor: User, vehicle_id):
    if vehicle_id in (None, ""):
        return None
    vehicle = vehicle_get_for_user(user=actor, vehicle_id=vehicle_id)
    if vehicle.owner_id != actor.pk:
        raise NotFound(_("Vehicle not found."))
    return vehicle


def driver_create(*, owner: User, name: str, license_no: str, phone: str = "", vehicle=None) -> Driver:
    """Register a driver of `owner`, linked to one of their vehicles."""
    with transaction.atomic():
        return Driver.objects.create(owner=owner, vehicle=_vehicle_of(owner, vehicle), name=name,
                                     license_no=license_no, phone=phone)


def driver_update(*, actor: User, driver_id, **changes) -> Driver:
    """Edit one of the actor's own drivers."""
    with transaction.atomic():
        driver = _own(Driver, actor, driver_id, _("Driver not found."))
        if "vehicle" in changes:
            driver.vehicle = _vehicle_of(actor, changes["vehicle"])
        for name in ("name", "license_no", "phone"):
            if name in changes:
                setattr(driver, name, changes[name])
        driver.save()
        return driver
