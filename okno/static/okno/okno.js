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

// The operator's appeal page: typing a reply marks the next presence signal, so colleagues
// with the page open see that an answer is being written.
document.addEventListener("input", function (event) {
  if (!event.target.closest || !event.target.closest("#reply")) return;
  var typing = document.querySelector("#appeal-presence input[name=typing]");
  if (typing) typing.value = "1";
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
