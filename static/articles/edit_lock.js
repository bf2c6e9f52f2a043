// Keeps the article's soft lock while its editor is active on the page, shows
// who else has it open or took it over, and lets it go when the page closes.
(function () {
  "use strict";
  const status = document.getElementById("edit-lock-status");
  if (!status) {
    return;
  }
  const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const idleAfter = 10 * 60 * 1000;
  let lastActive = Date.now();
  for (const event of ["keydown", "input", "pointerdown", "scroll"]) {
    document.addEventListener(event, () => { lastActive = Date.now(); }, { passive: true });
  }

  function show(lock) {
    status.textContent = lock.message;
    status.hidden = !lock.message;
  }

  function checkIn() {
    // An idle or hidden page stops checking in, so its lock lapses.
    if (document.hidden || Date.now() - lastActive > idleAfter) {
      return;
    }
    fetch(status.dataset.checkIn, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((lock) => { if (lock) { show(lock); } })
      .catch(() => {});
  }

  setInterval(checkIn, Number(status.dataset.interval) * 1000);
})();
