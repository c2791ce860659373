// Adding to the cart from the catalog: the catalog table hands a line over as a
// "catalog:line" event (Enter in a quantity box, or the row's button); this posts it to the
// active cart and says what happened next to the row and in the header.
(function () {
  "use strict";

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try {
      return JSON.parse(headers)["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  function say(row, text, isError) {
    var note = row.querySelector(".cart-note");
    if (!note) {
      note = document.createElement("div");
      note.className = "cart-note small";
      note.setAttribute("role", "status");
      row.querySelector(".c-qty").appendChild(note);
    }
    note.textContent = text;
    note.classList.toggle("text-danger", isError);
    note.classList.toggle("text-success", !isError);
  }

  function addLine(row, line) {
    var settings = document.querySelector("[data-cart-add-url]");
    if (!settings) return;
    var url = settings.dataset.cartAddUrl;
    var body = new URLSearchParams();
    body.set("product", line.productId);
    body.set("quantity", line.quantity);
    if (line.unitId) body.set("unit", line.unitId);
    fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(), "Content-Type": "application/x-www-form-urlencoded" },
      body: body,
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (answer) {
        if (!answer.ok) {
          say(row, answer.data.error || "", true);
          return;
        }
        say(row, "✓ " + answer.data.message, false);
        row.querySelector(".cart-note").title = answer.data.cart;
        var count = document.querySelector("[data-cart-count]");
        if (count) {
          count.textContent = answer.data.lines;
          count.hidden = false;
        }
      })
      .catch(function () {
        say(row, settings.dataset.cartOffline, true);
      });
  }

  document.addEventListener("catalog:line", function (event) {
    addLine(event.target.closest("tr"), event.detail);
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button.catalog-add");
    if (!button) return;
    var input = button.closest("tr").querySelector("input.catalog-qty");
    if (!input) return;
    if (input.value.trim() === "") {
      input.focus();
      return;
    }
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  });
})();
