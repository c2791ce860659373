// The catalog table, keyboard first: ArrowDown/ArrowUp move between quantity inputs,
// Enter hands the line over as a "catalog:line" event (the cart listens for it) and moves
// on; the unit selector switches the price shown to that unit. Listeners sit on the
// document, so rows that htmx swaps in work without binding anything again.
(function () {
  "use strict";

  function quantityInputs() {
    return Array.prototype.slice.call(document.querySelectorAll("input.catalog-qty"));
  }

  function moveFrom(input, step) {
    var inputs = quantityInputs();
    var next = inputs[inputs.indexOf(input) + step];
    if (next) {
      next.focus();
      next.select();
    }
    return next;
  }

  function lineOf(input) {
    var row = input.closest("tr");
    var unit = row.querySelector("select.catalog-unit");
    return {
      productId: Number(row.dataset.product),
      unitId: unit ? Number(unit.value) : null,
      quantity: input.value.trim().replace(",", ".")
    };
  }

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("catalog-qty")) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveFrom(input, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      event.preventDefault();
      var line = lineOf(input);
      if (line.quantity !== "") {
        input.dispatchEvent(new CustomEvent("catalog:line", { bubbles: true, detail: line }));
      }
      moveFrom(input, 1);
    }
  });

  // Filters left at "any" stay out of the request, so the address that is pushed to the
  // history reads ?group=5&brand=2, not a list of empty parameters.
  document.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.elt.id !== "catalog-filters") return;
    var parameters = event.detail.parameters;
    var names = [];
    parameters.forEach(function (value, name) {
      if (value === "") names.push(name);
    });
    names.forEach(function (name) {
      parameters.delete(name);
    });
  });

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!(select instanceof HTMLSelectElement) || !select.classList.contains("catalog-unit")) return;
    var option = select.options[select.selectedIndex];
    var row = select.closest("tr");
    var table = select.closest("table");
    var price = row.querySelector(".catalog-price");
    var base = row.querySelector(".catalog-base");
    if (price) {
      price.textContent = option.dataset.price || (table ? table.dataset.noPrice : "");
      price.classList.toggle("text-body-secondary", !option.dataset.price);
    }
    if (base) base.textContent = option.dataset.base || "";
  });
})();
