"""Inbox and chat thread pages. The thread is live over /ws/chat/ (static/js/chat.js); the form also works
without JavaScript (a plain POST through the same service)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render


@login_required
def inbox(request):
    return render(request, "chat/inbox.html", {})


@login_required
def thread(request, user_id: int):
    return render(request, "chat/inbox.html", {})
