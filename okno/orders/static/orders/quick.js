// Quick order: Ctrl+Enter (⌘+Enter) in the text box checks the lines, as the button does.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
  var box = event.target;
  if (box && box.id === "quick-text" && box.form) {
    event.preventDefault();
    box.form.requestSubmit();
  }
});
