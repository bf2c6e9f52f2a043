// Hands the chosen library image back to the body editor that opened this
// window, through the CKEditor file-browser protocol django-prose-editor speaks.
document.addEventListener("click", (event) => {
  const choice = event.target.closest(".image-picker-choice");
  const funcNum = new URLSearchParams(window.location.search).get("CKEditorFuncNum");
  if (!choice || !window.opener || !window.opener.CKEDITOR) return;
  window.opener.CKEDITOR.tools.callFunction(funcNum, choice.dataset.url, {
    id: choice.dataset.id,
    alternative_text: choice.dataset.alt,
    caption: choice.dataset.caption,
  });
  window.close();
});
