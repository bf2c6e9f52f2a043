/* The reader pages' one script. Nothing needs it to be read: it writes times
   of the last day as "2 hrs ago" (the page, which caches keep, says the
   date), shows the "Copy link" button, which needs the clipboard, and shows
   a gallery's photos one at a time (without it, they are a list of figures),
   and loads an embed's frame when the reader asks for it, never before (without
   it, the embed is a link). */
(function () {
  "use strict";
  var MINUTE = 60 * 1000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;

  function ago(age) {
    if (age < 0 || age >= DAY) return null;
    if (age < MINUTE) return "Just now";
    if (age < HOUR) {
      var minutes = Math.floor(age / MINUTE);
      return minutes + (minutes === 1 ? " min ago" : " mins ago");
    }
    var hours = Math.floor(age / HOUR);
    return hours + (hours === 1 ? " hr ago" : " hrs ago");
  }

  function showAges() {
    var now = Date.now();
    document.querySelectorAll("time[data-ago]").forEach(function (time) {
      if (!time.dataset.date) time.dataset.date = time.textContent;
      time.textContent = ago(now - Date.parse(time.dateTime)) || time.dataset.date;
    });
  }

  showAges();
  setInterval(showAges, MINUTE);
  // Scripts that add stories or updates to the page (a live story's) ask
  // for their times to be written the same way.
  document.addEventListener("newsroom:added", showAges);

  // A gallery shows one photo at a time, with Previous and Next buttons (and
  // the arrow keys while focus is in it) that go round, and says which photo
  // of how many is shown, politely, to screen readers.
  function showGallery(list, index) {
    var items = list.querySelectorAll(":scope > li");
    list.dataset.index = (index + items.length) % items.length;
    items.forEach(function (item, position) {
      item.hidden = position !== Number(list.dataset.index);
    });
    list.parentNode.querySelector(".gallery-count").textContent =
      "Photo " + (Number(list.dataset.index) + 1) + " of " + items.length;
  }

  function button(label, text, step, list) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "gallery-" + label.split(" ")[0].toLowerCase();
    element.setAttribute("aria-label", label);
    element.textContent = text;
    element.addEventListener("click", function () {
      showGallery(list, Number(list.dataset.index) + step);
    });
    return element;
  }

  function setUpGallery(list) {
    var count = list.querySelectorAll(":scope > li").length;
    if (count < 2 || list.closest(".gallery-viewer")) return;
    var viewer = document.createElement("section");
    viewer.className = "gallery-viewer";
    viewer.setAttribute("aria-label", "Gallery of " + count + " photos");
    var controls = document.createElement("div");
    controls.className = "gallery-controls";
    var status = document.createElement("p");
    status.className = "gallery-count";
    status.setAttribute("aria-live", "polite");
    controls.append(
      button("Previous photo", "\u2039 Previous", -1, list),
      status,
      button("Next photo", "Next \u203a", 1, list)
    );
    list.replaceWith(viewer);
    viewer.append(list, controls);
    viewer.addEventListener("keydown", function (event) {
      var step = { ArrowLeft: -1, ArrowRight: 1 }[event.key];
      if (!step) return;
      event.preventDefault();
      showGallery(list, Number(list.dataset.index) + step);
    });
    showGallery(list, 0);
  }

  // An embed's frame, sandboxed, from the address its provider gave (which
  // the page's Content-Security-Policy allows), only once the reader asks.
  function setUpEmbed(embed) {
    var load = embed.querySelector("button.embed-load");
    if (!load || !load.hidden) return;
    load.hidden = false;
    load.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = embed.dataset.embedFrame;
      frame.title = embed.dataset.embedTitle;
      frame.setAttribute(
        "sandbox",
        "allow-scripts allow-same-origin allow-popups allow-presentation"
      );
      frame.setAttribute("allow", "encrypted-media; fullscreen; picture-in-picture");
      frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
      if (embed.dataset.embedRatio) frame.style.aspectRatio = embed.dataset.embedRatio;
      embed.querySelector(".embed-facade").replaceWith(frame);
      frame.focus();
    });
  }

  // On the page as it came, and on the updates a live story's script adds.
  function setUpBodies() {
    document.querySelectorAll(
      ".article-body ul.gallery, .live-entry-body ul.gallery"
    ).forEach(setUpGallery);
    document.querySelectorAll("figure[data-embed-frame]").forEach(setUpEmbed);
  }
  setUpBodies();
  document.addEventListener("newsroom:added", setUpBodies);

  if (navigator.clipboard) {
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.dataset.copy).then(function () {
          var status = button.closest(".share").querySelector("[role=status]");
          status.textContent = "Link copied";
        });
      });
    });
  }
})();
