"""Inbox and chat thread pages. The thread is live over /ws/chat/ (static/js/chat.js); its form also works
without JavaScript (a plain POST through the same service the socket uses)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from chat import selectors, services
from chat.forms import ChatForm
from common.pages import call_service

INBOX_PAGE_SIZE = 20
THREAD_SIZE = 50


@login_required
def inbox(request):
    page = Paginator(selectors.conversation_list(user_id=request.user.pk), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page"))
    rows = selectors.conversation_rows(rows=list(page.object_list))
    return render(request, "chat/inbox.html", {"page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def thread(request, user_id: int):
    other = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    form = ChatForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, _message = call_service(
            request, services.chat_message_send, form=form, sender_id=request.user.pk, to=other.pk,
            content=form.cleaned_data["content"],
        )
        if ok:
            return redirect("thread", user_id=other.pk)
    # Opening the conversation reads it: the badge counts what is still unread elsewhere.
    services.messages_mark_read(user_id=request.user.pk, with_user=other.pk)
    history = list(selectors.message_history(user_id=request.user.pk, with_user_id=other.pk)[:THREAD_SIZE])
    history.reverse()
    return render(request, "chat/thread.html", {"other": other, "history": history, "form": form})
