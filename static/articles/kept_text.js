// Keeps what an editor types into the article form in this browser until the
// server confirms it saved it, so text survives a network that drops on save
// or a closed tab, and offers it back when the form is opened again.
//
// On an article's change page the text also goes to the server every 30
// seconds or so while it changes (articles/editorial/unsaved.py), as this
// editor's autosave of the article, and the page offers that copy back in any
// browser, like the local one (whichever is newer). Where the server cannot be
// reached, the browser's copy is the fallback.
//
// A copy is kept per form address and the save count (Article.version) the
// form was opened at. It is forgotten when:
// - the page that follows the form's submission carries the admin's success
//   message: the server saved it. Any other page after a submission (the form
//   again with errors, a form reopened after the network failed) keeps it;
// - the form loads with the copy's exact text: the server has that text, as
//   after a save whose reply never arrived, the form the server kept across a
//   sign-in (admin_unsaved.py);
// - the form is a refused save shown with its conflict, which holds it;
// - the editor restores it (it becomes the form's text, kept anew) or discards it.
(function () {
  "use strict";
  const PREFIX = "newsroom:kept-text:";
  const SUBMITTED = "newsroom:kept-text-submitted";
  const FIELDS = ["title", "dek", "body"];
  const LABELS = { title: "headline", dek: "standfirst", body: "body text" };

  const submitted = sessionStorage.getItem(SUBMITTED);
  if (submitted) {
    sessionStorage.removeItem(SUBMITTED);
    if (document.querySelector(".messagelist .success")) {
      localStorage.removeItem(submitted);
    }
  }

  const form = document.getElementById("article_form");
  const notice = document.getElementById("kept-text");
  // A form shown read-only (a reporter on a live article) has nothing to keep.
  const needed = ["base_version", ...FIELDS];
  if (!form || !notice || needed.some((name) => !form.elements[name])) {
    return;
  }
  const version = Number(form.elements.base_version.value || 0);
  const pagePrefix = PREFIX + location.pathname + "#";
  const key = pagePrefix + version;
  const sent = current();

  function current() {
    const text = {};
    for (const name of FIELDS) {
      text[name] = form.elements[name].value;
    }
    return text;
  }

  function sameText(a, b) {
    return FIELDS.every((name) => a[name] === b[name]);
  }

  function keptCopies() {
    const copies = [];
    for (let i = 0; i < localStorage.length; i++) {
      const name = localStorage.key(i);
      if (name.startsWith(pagePrefix)) {
        try {
          copies.push({ key: name, ...JSON.parse(localStorage.getItem(name)) });
        } catch (error) {
          localStorage.removeItem(name);
        }
      }
    }
    return copies.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }

  function keep() {
    const text = current();
    try {
      if (sameText(text, sent)) {
        localStorage.removeItem(key);
      } else {
        const copy = { ...text, version: version, savedAt: new Date().toISOString() };
        localStorage.setItem(key, JSON.stringify(copy));
      }
    } catch (error) {
      // Storage full or refused: the form still saves as usual.
    }
  }

  let pending = null;
  function keepSoon() {
    clearTimeout(pending);
    pending = setTimeout(keep, 500);
  }
  // The rich-text editor writes its HTML into the body's textarea and
  // announces it with an input event, which bubbles up to the form.
  form.addEventListener("input", keepSoon);
  form.addEventListener("change", keepSoon);
  // Until the next page arrives this one keeps running: no autosave then,
  // or a copy of the text just saved would be kept as unsaved.
  let submitting = false;
  window.addEventListener("pageshow", () => {
    submitting = false;
  });
  form.addEventListener("submit", (event) => {
    submitting = true;
    // Another handler may have stopped this submit; then the page stays.
    setTimeout(() => {
      submitting = !event.defaultPrevented;
    });
    clearTimeout(pending);
    keep();
    if (localStorage.getItem(key) !== null) {
      sessionStorage.setItem(SUBMITTED, key);
    }
  });

  function forget(copies) {
    for (const copy of copies) {
      if (copy.onServer) {
        send(notice.dataset.autosaveDiscard, new FormData());
      } else {
        localStorage.removeItem(copy.key);
      }
    }
  }

  function send(url, data) {
    data.append("csrfmiddlewaretoken", form.elements.csrfmiddlewaretoken.value);
    return fetch(url, { method: "POST", body: data, credentials: "same-origin" });
  }

  // Sends the text when it differs from what the server last got; a failed
  // send is tried again at the next turn.
  let lastSent = JSON.stringify(sent);
  function autosave() {
    const text = current();
    const serialised = JSON.stringify(text);
    if (submitting || serialised === lastSent) {
      return;
    }
    const data = new FormData();
    for (const name of FIELDS) {
      data.append(name, text[name]);
    }
    data.append("base_version", String(version));
    send(notice.dataset.autosave, data)
      .then((response) => {
        if (response.ok) {
          lastSent = serialised;
        }
      })
      .catch(() => {});
  }
  if (notice.dataset.autosave) {
    const seconds = Number(notice.dataset.autosaveInterval) || 30;
    setInterval(autosave, seconds * 1000);
  }

  function restore(copy) {
    form.elements.title.value = copy.title;
    form.elements.dek.value = copy.dek;
    form.elements.body.value = copy.body;
    // django-prose-editor wraps the textarea together with its editable
    // element, on which Tiptap keeps the editor; an editor not yet made reads
    // the textarea when it starts.
    const wrapper = form.elements.body.closest(".prose-editor");
    const editable = wrapper?.querySelector(".tiptap");
    if (editable?.editor) {
      editable.editor.commands.setContent(copy.body);
    }
    form.elements.title.focus();
  }

  const copies = keptCopies();
  const serverCopy = document.getElementById("server-kept-text");
  const onServer = serverCopy && JSON.parse(serverCopy.textContent);
  if (onServer) {
    copies.push({ ...onServer, onServer: true });
    copies.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
  }
  // A refused save is shown with the editor's text beside the other editor's
  // (articles/admin/conflicts.py): offering an older copy back could only
  // put back what the other editor changed.
  if (document.getElementById("edit-conflict")) {
    forget(copies);
    return;
  }
  forget(copies.filter((copy) => sameText(copy, sent)));
  const offered = copies.find((copy) => !sameText(copy, sent));
  if (!offered) {
    return;
  }
  const savedAt = new Date(offered.savedAt);
  const time = document.createElement("time");
  time.dateTime = offered.savedAt;
  time.textContent = savedAt.toLocaleString(undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
  const message = notice.querySelector(".kept-text-message");
  const differing = FIELDS.filter((name) => offered[name] !== sent[name]).map(
    (name) => LABELS[name],
  );
  message.append(
    "Unsaved text from ",
    time,
    offered.onServer
      ? " was kept on the server while you typed, in this or another browser."
      : " was kept in this browser.",
    ` It differs from the article in the ${differing.join(", ")}.`,
  );
  if (offered.version < version) {
    message.append(
      " The article has been saved since it was typed; compare before you save."
    );
  }
  notice.hidden = false;
  notice.querySelector("[data-kept-text=restore]").addEventListener("click", () => {
    forget(copies);
    restore(offered);
    keep();
    notice.hidden = true;
  });
  notice.querySelector("[data-kept-text=discard]").addEventListener("click", () => {
    forget(copies);
    notice.hidden = true;
  });
})();
