/* Plan order form (issue 16): as plan items are picked or a promotion code typed, ask the server for the
 * totals (GET data-plan-total-url with the form's qid, piid and code) and show them; the server decides. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-plan-total-url]").forEach(function (form) {
    var pending = 0;
    function refresh() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, key) {
        if (key === "qid" || key === "piid" || key === "code") { params.append(key, value); }
      });
      var ticket = ++pending;
      fetch(form.dataset.planTotalUrl + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (totals) {
          if (ticket !== pending) { return; }
          form.querySelectorAll("[data-total]").forEach(function (el) {
            var key = el.dataset.total;
            if (key === "code_unknown") { el.hidden = !totals.code_unknown; } else { el.textContent = totals[key]; }
          });
        });
    }
    form.addEventListener("change", refresh);
    form.addEventListener("input", function (event) { if (event.target.name === "code") { refresh(); } });
    refresh();
  });
})();
