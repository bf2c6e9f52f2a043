// django-admin-sortable2 moves a story to the first or last place with icons
// only a mouse reaches; make them buttons a keyboard reaches too (Tab, then
// Enter or Space), so any order can be made from the keyboard.
"use strict";
window.addEventListener("load", () => {
  for (const icon of document.querySelectorAll(".inline-group .sort i[role=button]")) {
    icon.tabIndex = 0;
    icon.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        icon.click();
        icon.focus();
      }
    });
  }
});
