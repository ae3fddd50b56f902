// 「取り込み中」 on the workbook upload pages (issue 16): a large file takes a while, and a page
// that seems to do nothing invites a second upload. The form works the same without this file.
document.querySelectorAll("form[data-import-progress]").forEach((form) => {
  const status = form.querySelector("[data-import-status]");
  const button = form.querySelector("button[type=submit]");
  let timer = null;

  const show = (seconds) => {
    status.textContent = `取り込み中…（経過 ${seconds}秒）`;
  };

  form.addEventListener("submit", () => {
    // After the event, so the submission is already under way when the button goes grey.
    window.setTimeout(() => {
      if (button) {
        button.disabled = true;
      }
    });
    const started = Date.now();
    show(0);
    status.hidden = false;
    timer = window.setInterval(() => show(Math.floor((Date.now() - started) / 1000)), 1000);
  });

  // Coming back with the back button shows the page as it was left: ready to upload again.
  window.addEventListener("pageshow", () => {
    window.clearInterval(timer);
    if (button) {
      button.disabled = false;
    }
    status.hidden = true;
    status.textContent = "";
  });
});
