// Nothing typed is lost when a session ends (issue 18). Every page works without this file.
//
// 1. Two minutes before the idle limit a notice offers 「続ける」, which renews the session
//    (GET keep-alive always renews; pages do at most once a minute); once the limit has
//    passed it says so.
// 2. The activity forms (form[data-draft]) are kept in this tab (sessionStorage), for this
//    login only, until the server says they were saved; a page that shows such a form again
//    without a save (after logging in again, say) puts the input back, with a fresh one-time
//    token and CSRF token from the new page. Logging out clears every draft of the tab.
(() => {
  const body = document.body;
  const user = body.dataset.user;
  if (!user) {
    return;
  }
  const PREFIX = "sasaeai-draft:";
  const SENT = "sasaeai-draft-sent";
  // the new page's tokens, and the link to a template, which only 「調整して記録」 sets
  const fresh = new Set(["csrfmiddlewaretoken", "submit_token", "template"]);

  // Another login's drafts never reach this one.
  Object.keys(sessionStorage)
    .filter((key) => key.startsWith(PREFIX) && !key.startsWith(`${PREFIX}${user}:`))
    .forEach((key) => sessionStorage.removeItem(key));

  const keyOf = (form) => `${PREFIX}${user}:${form.dataset.draft}`;
  const fieldsOf = (form) =>
    Array.from(form.elements).filter(
      (el) => el.name && !fresh.has(el.name) && !["submit", "button", "file"].includes(el.type),
    );

  const read = (form) => {
    const values = {};
    fieldsOf(form).forEach((el) => {
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name] = values[el.name] || [];
        if (el.checked) {
          values[el.name].push(el.value);
        }
      } else if (el.multiple) {
        values[el.name] = Array.from(el.selectedOptions, (option) => option.value);
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  };

  const write = (form, values) => {
    fieldsOf(form).forEach((el) => {
      if (!(el.name in values)) {
        return;
      }
      const value = values[el.name];
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = value.includes(el.value);
      } else if (el.multiple) {
        Array.from(el.options).forEach((option) => {
          option.selected = value.includes(option.value);
        });
      } else {
        el.value = value;
      }
    });
  };

  const justSaved = document.querySelector(".messages .draft-saved");
  const sent = sessionStorage.getItem(SENT);
  if (justSaved && sent) {
    sessionStorage.removeItem(sent);
  }
  // The 日付の確認 posts the same entry again: which form was sent is kept for its answer.
  if (!document.querySelector("[data-draft-carry]")) {
    sessionStorage.removeItem(SENT);
  }

  document.querySelectorAll("form[data-draft]").forEach((form) => {
    const key = keyOf(form);
    const kept = sessionStorage.getItem(key);
    // A form the server filled in itself (「調整して記録」) is not overwritten by a draft.
    if (kept && !("draftSkip" in form.dataset) && kept !== JSON.stringify(read(form))) {
      write(form, JSON.parse(kept));
      const note = document.createElement("p");
      note.className = "message message-info draft-note";
      note.setAttribute("role", "status");
      note.textContent = "保存されていなかった入力を元に戻しました。確かめてから保存してください。";
      const discard = document.createElement("button");
      discard.type = "button";
      discard.className = "link-button";
      discard.textContent = "戻した入力を消す";
      discard.addEventListener("click", () => {
        sessionStorage.removeItem(key);
        window.location.reload();
      });
      note.append(discard);
      form.before(note);
    }
    const keep = () => sessionStorage.setItem(key, JSON.stringify(read(form)));
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    form.addEventListener("submit", () => {
      keep();
      sessionStorage.setItem(SENT, key);
    });
  });

  document.querySelectorAll("form[action$='/logout/']").forEach((form) => {
    form.addEventListener("submit", () => {
      Object.keys(sessionStorage)
        .filter((key) => key.startsWith(PREFIX) || key === SENT)
        .forEach((key) => sessionStorage.removeItem(key));
    });
  });

  const notice = document.getElementById("idle-notice");
  const idle = Number(body.dataset.idleSeconds || 0);
  if (!notice || !idle) {
    return;
  }
  const login = notice.querySelector(".idle-login");
  login.href = `${notice.dataset.login}?next=${encodeURIComponent(location.pathname + location.search)}`;
  let soon;
  let ended;
  const showEnded = () => {
    notice.hidden = false;
    notice.querySelector(".idle-soon").hidden = true;
    notice.querySelector(".idle-ended").hidden = false;
    notice.querySelector(".idle-continue").hidden = true;
    login.hidden = false;
  };
  const schedule = () => {
    clearTimeout(soon);
    clearTimeout(ended);
    notice.hidden = true;
    // The notice does not take the focus: keys typed meanwhile stay in the form.
    soon = setTimeout(() => {
      notice.hidden = false;
    }, Math.max(0, idle - 120) * 1000);
    ended = setTimeout(showEnded, idle * 1000);
  };
  notice.querySelector(".idle-continue").addEventListener("click", () => {
    fetch(notice.dataset.keepAlive, { credentials: "same-origin", redirect: "manual" })
      .then((answer) => (answer.status === 204 ? schedule() : showEnded()))
      .catch(showEnded);
  });
  schedule();
})();
