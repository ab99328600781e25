/* The chat thread: frames of this conversation are appended live (from the socket, including the sender's
 * own echo), marked read at once, and the composer sends over the socket when it is open — otherwise the
 * form posts normally. */
(function () {
  "use strict";
  var list = document.getElementById("thread");
  var form = document.getElementById("composer");
  if (!list || !window.Tradepost) { return; }
  var me = window.Tradepost.userId;
  var other = Number(list.dataset.otherId);
  var input = form.querySelector("input[name=content]");
  var errorBox = document.getElementById("composer-error");
  var typing = document.getElementById("typing");
  var typingTimer = null;

  function append(frame) {
    if (list.querySelector('[data-message-id="' + frame.id + '"]')) { return; }
    var empty = document.getElementById("thread-empty");
    if (empty) { empty.remove(); }
    var li = document.createElement("li");
    li.className = "bubble" + (Number(frame.from) === me ? " mine" : (frame.type !== "chat" ? " system" : ""));
    li.dataset.messageId = frame.id;
    li.textContent = frame.text || frame.content;
    var time = document.createElement("time");
    time.dateTime = frame.time;
    time.textContent = window.Tradepost.formatTime(frame.time);  // the display time zone, as the history
    li.appendChild(time);
    list.appendChild(li);
    list.scrollTop = list.scrollHeight;
  }

  window.Tradepost.onFrame(function (frame, context) {
    var from = Number(frame.from), to = Number(frame.to);
    if (frame.type === "typing") {
      if (from === other) {
        typing.hidden = false;
        clearTimeout(typingTimer);
        typingTimer = setTimeout(function () { typing.hidden = true; }, 3000);
      }
      return;
    }
    var ours = (from === other && to === me) || (from === me && to === other);
    if (!ours || !frame.id) { return; }
    append(frame);
    if (to === me) {
      typing.hidden = true;
      context.handled = true;  // seen here: it does not count as unread
      window.Tradepost.send({ type: "read", id: frame.id });
    }
  });

  document.addEventListener("tp:error", function (event) {
    errorBox.textContent = event.detail.message;
    errorBox.hidden = false;
  });

  var lastTyping = 0;
  input.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTyping > 2000) { lastTyping = now; window.Tradepost.send({ type: "typing", to: other }); }
  });

  form.addEventListener("submit", function (event) {
    var content = input.value.trim();
    if (!content) { event.preventDefault(); return; }
    if (window.Tradepost.send({ type: "chat", to: other, content: content })) {
      event.preventDefault();
      input.value = "";
      errorBox.hidden = true;
    }
  });
  list.scrollTop = list.scrollHeight;
})();
