// Keeps the "N words, M min read" line beside the article's body current as
// the editor types, counting the words readers will read.
(function () {
  "use strict";
  function update(output, editor) {
    const words = editor.textContent.split(/\s+/).filter(Boolean).length;
    const perMinute = Number(output.dataset.wordsPerMinute);
    const minutes = Math.max(1, Math.round(words / perMinute));
    output.textContent = words + (words === 1 ? " word, " : " words, ") + minutes + " min read";
  }
  function start() {
    const output = document.querySelector("[data-word-count]");
    if (!output) return;
    const row = document.querySelector(".field-body");
    if (!row) return;
    // The rich-text editor appears after the page loads and writes its own
    // changes to the page, not always through input events: watch the row.
    new MutationObserver(function () {
      const editor = row.querySelector(".ProseMirror[contenteditable=true]");
      if (editor) update(output, editor);
    }).observe(row, { subtree: true, childList: true, characterData: true });
  }
  document.addEventListener("DOMContentLoaded", start);
})();
