"""My vehicles and drivers (seed 002 catalog owned by users; issue 16's pages add and edit them)."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import NotFound, ValidationFailed
from orders.models import Driver, Vehicle
from orders.selectors import parse_uuid


def _owned_locked(model, *, owner: User, pk):
    row = model.objects.select_for_update().filter(pk=parse_uuid(pk), owner=owner).first() if parse_uuid(pk) else None
    if row is None:
        raise NotFound(_("Not found."))
    return row


@transaction.atomic
def vehicle_save(*, owner: User, plate_no: str, vin: str, value: Decimal, vehicle_id=None) -> Vehicle:
    """Add a vehicle, or edit one the owner has; plate number and VIN are unique (400 names the field)."""
    vehicle = _owned_locked(Vehicle, owner=owner, pk=vehicle_id) if vehicle_id else Vehicle(owner=owner)
    plate_no, vin = plate_no.strip().upper(), vin.strip().upper()
    for field, taken in (("plate_no", Vehicle.objects.filter(plate_no=plate_no)),
                         ("vin", Vehicle.objects.filter(vin=vin))):
        if taken.exclude(pk=vehicle.pk).exists():
            raise ValidationFailed(_("Another vehicle has this %(field)s.") % {"field": field},
                                   data={field: [_("Already registered.")]})
    vehicle.plate_no, vehicle.vin, vehicle.value = plate_no, vin, value
    try:
        with transaction.atomic():
            vehicle.save()
    except IntegrityError:
        raise ValidationFailed(_("Another vehicle has this plate number or VIN."),
                               data={"plate_no": [_("Already registered.")]}) from None
    return vehicle


@transaction.atomic
def driver_save(*, owner: User, name: str, license_no: str, phone: str = "", driver_id=None) -> Driver:
    """Add a driver, or edit one the owner has."""
    driver = _owned_locked(Driver, owner=owner, pk=driver_id) if driver_id else Driver(owner=owner)
    driver.name, driver.license_no, driver.phone = name.strip(), license_no.strip(), phone.strip()
    driver.save()
    return driver
