/* New updates of a live story without a reload. While the tab is visible,
   asks every 20 s (NEWSROOM_LIVE_POLL_SECONDS) for the fragment of updates newer than the newest it has
   (the page cache answers most asks with a 304), adds them above the
   others, keeps what the reader is looking at where it was, and says how
   many arrived in a polite live region. Without it, a reload shows them. */
(function () {
  "use strict";
  var live = document.querySelector("[data-live-updates]");
  if (!live || live.hasAttribute("data-ended")) return;
  var every = (Number(live.dataset.every) || 20) * 1000;
  var stream = live.querySelector(".live-entries");
  var status = live.querySelector(".live-status");
  if (!stream || !status) return;
  var etag = null, asking = false, timer = null;

  // The first entry at or below the top of the window: what the reader is
  // reading, which must not move when updates are added above it.
  function readingPoint() {
    var items = stream.children;
    for (var i = 0; i < items.length; i++) {
      if (items[i].getBoundingClientRect().bottom > 0) return items[i];
    }
    return null;
  }

  // Emptied first, so that the same words are read out again.
  function say(words) {
    status.textContent = "";
    setTimeout(function () { status.textContent = words; }, 100);
  }

  function add(fragment) {
    if (fragment.hasAttribute("data-incomplete")) {
      // Away for more updates than one answer holds: the page has them all.
      window.location.reload();
      return;
    }
    var arrived = [];
    Array.prototype.forEach.call(fragment.children, function (item) {
      var entry = item.querySelector("[id]");
      if (entry && !document.getElementById(entry.id)) arrived.push(item);
    });
    if (arrived.length) {
      var point = readingPoint();
      var before = point && point.getBoundingClientRect().top;
      var block = document.createDocumentFragment();
      arrived.forEach(function (item) { block.appendChild(item); });
      stream.insertBefore(block, stream.firstChild);
      document.dispatchEvent(new Event("newsroom:added"));
      if (point && before < window.innerHeight) {
        window.scrollBy(0, point.getBoundingClientRect().top - before);
      }
      say(arrived.length === 1 ? "1 new update" : arrived.length + " new updates");
    }
    live.dataset.newest = fragment.dataset.newest;
    if (fragment.hasAttribute("data-ended")) {
      say("Coverage has ended.");
      stop();
    }
  }

  function ask() {
    if (asking || document.hidden) return;
    asking = true;
    var headers = etag ? {"If-None-Match": etag} : {};
    fetch(live.dataset.liveUpdates + "?after=" + live.dataset.newest,
          {headers: headers, cache: "no-store"})
      .then(function (response) {
        if (response.status !== 200) return null;
        etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (html) {
        if (!html) return;
        var template = document.createElement("template");
        template.innerHTML = html;
        var fragment = template.content.querySelector(".live-updates");
        if (fragment) add(fragment);
      })
      .catch(function () { /* offline for a moment: the next ask retries */ })
      .then(function () { asking = false; });
  }

  function stop() {
    clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisibility);
  }

  function onVisibility() {
    if (!document.hidden) ask();
  }

  timer = setInterval(ask, every);
  document.addEventListener("visibilitychange", onVisibility);
})();
