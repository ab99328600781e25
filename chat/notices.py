"""Notices as a message key and parameters (DESIGN §9 "Notices").

A service builds the text with `notice_text(gettext_noop("Your trade of %(item)s was accepted."), item=...)`.
The result is a `str` in the current language (what the seeds' clients read from `content`) that also
carries its key and parameters; `messages_send` stores them in `data["msg"]`, and `notice_render` renders
them again in the reader's language. A parameter that is itself translatable (a lazy string such as a model's
verbose_name or a choice label) is stored as `{"t": msgid}` and translated at render time too."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import get_supported_language_variant, gettext
from django.utils.translation.trans_real import parse_accept_lang_header

MSG_KEY = "msg"


class NoticeText(str):
    """The rendered text of a notice, remembering its message key and parameters."""

    key: str
    params: dict

    def __new__(cls, key: str, params: dict):
        text = super().__new__(cls, _render(key, params))
        text.key = key
        text.params = params
        return text

    def stored(self) -> dict:
        return {"key": self.key, "params": self.params}


def _param_stored(value):
    if isinstance(value, NoticeText):
        return {"n": value.stored()}
    if isinstance(value, Promise):
        msgid = getattr(value, "_args", (None,))[0]
        return {"t": msgid} if isinstance(msgid, str) else str(value)
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return str(value)


def _param_text(value):
    if isinstance(value, dict):
        if "t" in value:
            return gettext(value["t"])
        if "n" in value:
            return _render(value["n"]["key"], value["n"].get("params") or {})
    return value


def _render(key: str, params: dict) -> str:
    text = gettext(key)
    if not params:
        return text
    try:
        return text % {name: _param_text(value) for name, value in params.items()}
    except (KeyError, TypeError, ValueError):
        # A catalog entry that lost a placeholder must not hide the notice: fall back to the source text.
        return key % {name: _param_text(value) for name, value in params.items()}


def notice_text(key: str, **params) -> NoticeText:
    """The text of a notice in the current language, keeping `key` (mark it with gettext_noop) and `params`."""
    return NoticeText(key, {name: _param_stored(value) for name, value in params.items()})


def notice_data(content, data: dict | None) -> dict:
    """`data` with the notice's key and parameters added when `content` came from `notice_text`."""
    data = dict(data or {})
    if isinstance(content, NoticeText):
        data[MSG_KEY] = content.stored()
    return data


def notice_render(message) -> str:
    """A stored message's text in the current language: from its key when it has one, else as stored."""
    stored = (message.data or {}).get(MSG_KEY) if isinstance(message.data, dict) else None
    if not stored or not isinstance(stored.get("key"), str):
        return message.content
    try:
        return _render(stored["key"], stored.get("params") or {})
    except (KeyError, TypeError, ValueError):
        return message.content


def _reverse(name: str, *args) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def notice_link(message) -> str | None:
    """Where a notice leads: its order, trade, claim, registration, plan or merchant application."""
    data = message.data if isinstance(message.data, dict) else {}
    kind = data.get("kind") or ""
    if message.order_id:
        return _reverse("order-detail", message.order_id)
    if message.trade_id:
        return _reverse("my-trades")
    if kind.startswith("animal"):
        return _reverse("animals")
    if kind.startswith("activity"):
        return _reverse("activities")
    if kind.startswith("travel"):
        return _reverse("travel")
    if "merchant_id" in data or str(data.get("event", "")).startswith("merchant"):
        return _reverse("merchant")
    if message.item_id:
        return _reverse("item-detail", message.item_id)
    return None


def language_for_scope(scope) -> str:
    """A socket's reader language: the site's language cookie, else Accept-Language, else the default."""
    cookie = (scope.get("cookies") or {}).get(settings.LANGUAGE_COOKIE_NAME)
    candidates = [cookie] if cookie else []
    for name, value in scope.get("headers", []):
        if name == b"accept-language":
            candidates += [code for code, _q in parse_accept_lang_header(value.decode("latin1")) if code != "*"]
    for code in candidates:
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def frame_localized(frame: dict, language: str) -> dict:
    """A live frame with `text`: the notice in the socket reader's language (the stored `content` stays)."""
    data = frame.get("data")
    if not isinstance(data, dict) or MSG_KEY not in data:
        return frame
    stored = data[MSG_KEY]
    with translation.override(language):
        try:
            text = _render(stored["key"], stored.get("params") or {})
        except (KeyError, TypeError, ValueError):
            return frame
    return {**frame, "text": text}
