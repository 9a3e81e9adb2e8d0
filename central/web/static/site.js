// Small comforts; every page works without them.
"use strict";
document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
  select.addEventListener("change", function () { select.form.submit(); });
});
document.querySelectorAll("form[data-confirm]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
  });
});
// A table wider than its box (on a phone) scrolls inside it, and a phone shows no scroll bar
// until one drags: say so above the table, only while it is wider.
function scrollHints() {
  var hint = document.getElementById("scroll-hint");
  if (hint === null) { return; }
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    var said = wrap.previousElementSibling;
    var saying = said !== null && said.classList.contains("scroll-hint");
    var wider = wrap.scrollWidth > wrap.clientWidth + 1;
    if (wider && !saying) { wrap.before(hint.content.firstElementChild.cloneNode(true)); }
    if (!wider && saying) { said.remove(); }
  });
}
scrollHints();
window.addEventListener("load", scrollHints);
window.addEventListener("resize", scrollHints);
