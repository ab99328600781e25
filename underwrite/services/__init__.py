"""Every write of the underwrite workflow (DESIGN §3.4, §8): lock, transition, save, one event row, the
order's move through the orders service, the buyer's notice and the cache write after commit. One module
per area; import from here."""

from underwrite.services.common import photo_file_check, underwrite_lock
from underwrite.services.edits import (
    REMINDER_BATCH_SIZE,
    underwrite_add_photos,
    underwrite_alter_note,
    underwrite_alter_real_place,
    underwrite_alter_validate_place,
    underwrite_send_due_reminders,
    underwrite_soft_delete,
)
from underwrite.services.inspection import (
    underwrite_alter_result,
    underwrite_create,
    underwrite_fill,
    underwrite_submit_result,
)

__all__ = [
    "REMINDER_BATCH_SIZE", "photo_file_check", "underwrite_add_photos", "underwrite_alter_note",
    "underwrite_alter_real_place", "underwrite_alter_result", "underwrite_alter_validate_place",
    "underwrite_create", "underwrite_fill", "underwrite_lock", "underwrite_send_due_reminders",
    "underwrite_soft_delete", "underwrite_submit_result",
]
