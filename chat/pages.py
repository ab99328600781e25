"""The notification centre (DESIGN §9 "Notices"): every notice I got, newest first, in my language. The list
is a live region: a new notice re-renders it (static/js/live.js) and bumps the header badge, which counts
exactly the unread notices the page marks. Opening a notice reads it and leads to what it is about."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from chat import selectors, services
from chat.notices import notice_link, notice_render

NOTICES_PAGE_SIZE = 30


@login_required
def notifications(request):
    page = Paginator(selectors.notice_list(user_id=request.user.pk), NOTICES_PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = [{"message": message, "text": notice_render(message), "link": notice_link(message)}
            for message in page.object_list]
    return render(request, "chat/notifications.html", {"page": page, "rows": rows})


@login_required
def notification_open(request, message_id: int):
    message = get_object_or_404(selectors.notice_list(user_id=request.user.pk), pk=message_id)
    services.messages_mark_read(user_id=request.user.pk, ids=[message.pk])
    return redirect(notice_link(message) or "notifications")


@login_required
@require_POST
def notifications_read_all(request):
    ids = list(selectors.notice_list(user_id=request.user.pk).filter(read_at__isnull=True).values_list("id", flat=True))
    if ids:
        services.messages_mark_read(user_id=request.user.pk, ids=ids)
    return redirect("notifications")
