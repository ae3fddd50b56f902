// Small progressive enhancements; every page works without this file.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const message = form.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
    return;
  }
  if (form.method.toLowerCase() !== "post") {
    return;
  }
  // A second click while the first is on its way is ignored; the server would refuse the
  // repeat anyway (one-time token), this only spares the user the note about it.
  if (form.dataset.submitting) {
    event.preventDefault();
    return;
  }
  form.dataset.submitting = "1";
  form.setAttribute("aria-busy", "true");
});

// Coming back with the back button shows the page as it was left; let it be sent again
// (the server decides whether that would be a repeat).
window.addEventListener("pageshow", () => {
  document.querySelectorAll("form[data-submitting]").forEach((form) => {
    delete form.dataset.submitting;
    form.removeAttribute("aria-busy");
  });
});

document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
  select.addEventListener("change", () => select.form.submit());
});

// Pick-lists numbered 「1 訪問」「2 会議・協議体出席」 (or keyed, as days are): typing the number picks the choice, two
// digits within a second for 10 and over, with the IME on or off: with it on a select is sent
// the IME's "Process" key, not the digit, so the key's code is read (issue 18).
document.querySelectorAll("select[data-numbered]").forEach((select) => {
  let typed = "";
  let timer;
  // 「3 講師・講話」, or a key of its own (a day: 月=1 … 日=7)
  const numbered = (number) =>
    Array.from(select.options).find(
      (option) => option.dataset.key === number || option.text.startsWith(`${number} `),
    );
  select.addEventListener("keydown", (event) => {
    const digit = /^(?:Digit|Numpad)(\d)$/.exec(event.code);
    if (!digit || event.ctrlKey || event.altKey || event.metaKey) {
      return;
    }
    event.preventDefault();
    clearTimeout(timer);
    let match = numbered(typed + digit[1]);
    if (match) {
      typed += digit[1];
    } else {
      typed = digit[1];
      match = numbered(typed);
    }
    timer = setTimeout(() => {
      typed = "";
    }, 1000);
    if (match && !match.selected) {
      select.value = match.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }
  });
});

// 「印刷」 buttons (the 実績報告 page): the browser's own print, styled by @media print.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// 訪問先 boxes suggest every registered 社会資源: the list is fetched the first time one of them
// is used rather than drawn into every page (issue 22: ~30 KB and ~10 ms of each entry page).
document.querySelectorAll("datalist[data-src]").forEach((list) => {
  const load = () => {
    if (list.dataset.loaded) {
      return;
    }
    list.dataset.loaded = "1";
    fetch(list.dataset.src, { credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((options) => {
        list.innerHTML = options;
      })
      .catch(() => {
        delete list.dataset.loaded; // tried again on the next focus
      });
  };
  document.querySelectorAll(`input[list="${list.id}"]`).forEach((input) => {
    input.addEventListener("focus", load);
  });
});
