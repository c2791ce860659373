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
