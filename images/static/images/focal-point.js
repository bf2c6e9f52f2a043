// Clicking the preview in the image form sets the focal point fields to the
// spot clicked, in percent from the left and from the top.
document.addEventListener("click", (event) => {
  const preview = event.target.closest("img.image-article");
  const x = document.getElementById("id_focal_x");
  const y = document.getElementById("id_focal_y");
  if (!preview || !x || !y) return;
  const box = preview.getBoundingClientRect();
  x.value = Math.round(((event.clientX - box.left) / box.width) * 100);
  y.value = Math.round(((event.clientY - box.top) / box.height) * 100);
});
