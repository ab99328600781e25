from celery import shared_task

from underwrite.services import REMINDER_BATCH_SIZE, underwrite_send_due_reminders


@shared_task(name="underwrite.tasks.send_underwrite_reminders")
def send_underwrite_reminders() -> int:
    """Remind operators of inspections due soon, batch by batch; safe to run twice (each is reminded once)."""
    total = 0
    while True:
        sent = underwrite_send_due_reminders()
        total += sent
        if sent < REMINDER_BATCH_SIZE:
            return total
