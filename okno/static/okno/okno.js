// Okno: small behaviours shared by all pages. No framework beyond htmx.
// The messages box carries the texts in the page's language (includes/messages.html).
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("messages");
  if (!box) return;
  var status = event.detail.xhr.status;
  var texts = box.dataset;
  var text = status === 404 ? texts.errorNotFound :
             status === 403 ? texts.errorForbidden :
             texts.errorOther.replace("{status}", status);
  var alert = document.createElement("div");
  alert.className = "alert alert-danger";
  alert.setAttribute("role", "alert");
  alert.textContent = text;
  box.replaceChildren(alert);
});

// The operator's appeal page: each presence signal says whether a reply was typed in the
// last 15 seconds, so colleagues with the page open see that an answer is being written.
var replyTypedAt = 0;
document.addEventListener("input", function (event) {
  if (event.target.closest && event.target.closest("#reply")) replyTypedAt = Date.now();
});
document.addEventListener("htmx:configRequest", function (event) {
  if (event.detail.elt.id !== "appeal-presence") return;
  event.detail.parameters.typing = Date.now() - replyTypedAt < 15000 ? "1" : "0";
});

// Leaving the appeal page says goodbye, so colleagues stop seeing the operator at once. A
// goodbye that never arrives only makes them wait for the server's freshness window.
window.addEventListener("pagehide", function () {
  var form = document.getElementById("appeal-presence");
  if (!form || !navigator.sendBeacon) return;
  var data = new FormData(form);
  data.set("state", "leave");
  navigator.sendBeacon(form.getAttribute("action"), data);
});
