/* The reader pages' one script. Nothing needs it to be read: it writes times
   of the last day as "2 hrs ago" (the page, which caches keep, says the
   date), and shows the "Copy link" button, which needs the clipboard. */
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
