// Small progressive enhancements; every page works without this file.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});

// After saving an entry the page returns to the form: put the cursor back in its first field.
if (window.location.hash === "#entry-form") {
  const first = document.querySelector("#entry-form select, #entry-form input:not([type=hidden])");
  if (first) first.focus();
}
