// Okno: small behaviours shared by all pages. No framework beyond htmx.
document.addEventListener("htmx:responseError", function (event) {
  var box = document.getElementById("messages");
  if (!box) return;
  var status = event.detail.xhr.status;
  var text = status === 404 ? "Объект не найден." :
             status === 403 ? "Недостаточно прав для этого действия." :
             "Не удалось выполнить запрос (код " + status + "). Попробуйте ещё раз.";
  var alert = document.createElement("div");
  alert.className = "alert alert-danger";
  alert.setAttribute("role", "alert");
  alert.textContent = text;
  box.replaceChildren(alert);
});
