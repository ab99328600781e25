/* Tradepost live client: one /ws/chat/ socket per page (session cookie auth, same-origin), reconnects by
 * itself with backoff and catches up with {"type": "sync", "after": <last id>}. Pages listen with
 * Tradepost.onFrame(fn); elements marked data-live-refresh="item:12 trade:* order:<uuid> user:* any" are
 * re-fetched from the server when a matching stored frame arrives, so state changes appear without a
 * reload. */
(function () {
  "use strict";
  var body = document.body;
  var userId = Number(body.dataset.userId || 0);
  var listeners = [];
  var seen = {};
  var lastId = Number(body.dataset.syncAfter || 0);
  var socket = null;
  var retry = 0;
  var stopped = false;
  var holdUntil = 0;

  function setStatus(status) {
    body.dataset.live = status;
    var el = document.getElementById("live-status");
    if (el) { el.textContent = el.dataset["label" + status.charAt(0).toUpperCase() + status.slice(1)] || status; }
  }

  /* The inbox badge (#unread-badge) counts unread chats and order frames; #notice-badge unread notices. */
  function badge(delta, id) {
    var el = document.getElementById(id || "unread-badge");
    if (!el) { return; }
    var n = Math.max(0, Number(el.dataset.count || 0) + delta);
    el.dataset.count = String(n);
    el.querySelector(".badge-n").textContent = String(n);
    el.classList.toggle("is-empty", n === 0);
  }

  function toast(text) {
    var box = document.getElementById("toasts");
    if (!box || !text) { return; }
    var el = document.createElement("div");
    el.className = "toast";
    el.setAttribute("role", "status");
    el.textContent = text;
    box.appendChild(el);
    setTimeout(function () { el.remove(); }, 6000);
  }

  function matches(spec, frame) {
    return spec.split(/\s+/).some(function (part) {
      if (part === "any") { return true; }
      var bits = part.split(":");
      var key = { item: "itemId", trade: "tradeId", order: "orderId", user: "from" }[bits[0]];
      if (!key || frame[key] === undefined || frame[key] === null) { return false; }
      return bits[1] === "*" || String(frame[key]) === bits[1];
    });
  }

  var refreshing = {};
  function refreshRegions(frame) {
    document.querySelectorAll("[data-live-refresh]").forEach(function (region) {
      if (!region.id || !matches(region.dataset.liveRefresh, frame) || refreshing[region.id]) { return; }
      refreshing[region.id] = true;
      fetch(location.href, { credentials: "same-origin", headers: { "X-Live-Refresh": "1" } })
        .then(function (r) { return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var fresh = doc.getElementById(region.id);
          if (fresh) { region.innerHTML = fresh.innerHTML; }
          document.dispatchEvent(new CustomEvent("tp:refreshed", { detail: { id: region.id } }));
        })
        .finally(function () { delete refreshing[region.id]; });
    });
  }

  function handle(frame) {
    if (frame.type === "auth") {
      if (frame.ok) {
        retry = 0;
        setStatus("open");
        // Catch up on whatever arrived since the page was rendered or the socket dropped (ids are deduped).
        send({ type: "sync", after: lastId });
      }
      return;
    }
    if (frame.type === "error") { document.dispatchEvent(new CustomEvent("tp:error", { detail: frame })); return; }
    if (!frame.id && frame.type !== "typing") { return; }  // pong, synced, read acks: nothing to show
    if (frame.id) {
      if (seen[frame.id]) { return; }
      seen[frame.id] = true;
      lastId = Math.max(lastId, Number(frame.id));
    }
    var context = { handled: false };
    listeners.forEach(function (fn) { fn(frame, context); });
    if (frame.id && Number(frame.to) === userId) {
      send({ type: "ack", id: frame.id });
      if (Number(frame.from) !== userId && !context.handled) {
        badge(1, frame.type === "system" ? "notice-badge" : "unread-badge");
        if (frame.type !== "chat") { toast(frame.text || frame.content); }
      }
    }
    if (frame.id) { refreshRegions(frame); }
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }

  function connect() {
    if (stopped) { return; }
    setStatus("connecting");
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + (body.dataset.wsUrl || "/ws/chat/"));
    socket.onmessage = function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      handle(frame);
    };
    socket.onclose = function (event) {
      setStatus("closed");
      if (event.code === 4003) { stopped = true; return; }  // logged out or suspended: stay closed
      retry += 1;
      var delay = holdUntil > Date.now() ? holdUntil - Date.now() : Math.min(10000, 300 * Math.pow(2, retry - 1));
      setTimeout(connect, delay);
    };
  }

  /* Times in the display time zone (the page's, not the browser's): "MM-DD HH:mm", or with the year. */
  var zone = body.dataset.timeZone || undefined;
  function formatTime(iso, withYear) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit",
      hourCycle: "h23",
    }).formatToParts(new Date(iso)).forEach(function (p) { parts[p.type] = p.value; });
    var text = parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute;
    return withYear ? parts.year + "-" + text : text;
  }

  /* Countdowns: <time datetime=… data-countdown> shows the time left to its deadline, every second. */
  function pad2(n) { return (n < 10 ? "0" : "") + n; }
  function tickCountdowns() {
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var left = Math.floor((new Date(el.dateTime).getTime() - Date.now()) / 1000);
      if (left <= 0) { el.textContent = el.dataset.expired || "0:00:00"; el.classList.add("is-due"); return; }
      var days = Math.floor(left / 86400);
      var rest = pad2(Math.floor(left % 86400 / 3600)) + ":" + pad2(Math.floor(left % 3600 / 60)) + ":" + pad2(left % 60);
      el.textContent = (days ? days + "d " : "") + rest;
    });
  }
  tickCountdowns();
  setInterval(tickCountdowns, 1000);
  document.addEventListener("tp:refreshed", tickCountdowns);

  /* Forms marked data-confirm (withdraw, reject all, claim, cancel) ask before they are sent. */
  document.addEventListener("submit", function (event) {
    var message = event.target.dataset && event.target.dataset.confirm;
    if (message && !window.confirm(message)) { event.preventDefault(); event.stopImmediatePropagation(); }
  }, true);

  /* Phone: the header's menu collapses behind a button (without JavaScript it simply stays open). */
  var toggle = document.getElementById("nav-toggle");
  if (toggle) {
    document.documentElement.classList.add("js");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      document.getElementById("site-menu").classList.toggle("is-open", open);
    });
  }

  window.Tradepost = {
    formatTime: formatTime,
    userId: userId,
    onFrame: function (fn) { listeners.push(fn); },
    send: send,
    badge: badge,
    /* Drop the socket as a flaky network would, staying offline for `holdMs`; it comes back by itself and
     * catches up with `sync`. */
    dropSocket: function (holdMs) {
      holdUntil = Date.now() + (holdMs || 0);
      if (socket) { socket.close(); }
    },
  };
  if (userId && "WebSocket" in window) { connect(); }
})();
