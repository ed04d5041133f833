// Site-wide fixes to the theme's own controls so their accessible names match what they show.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  // "Search  Ctrl+K" buttons: let the visible text be the name, not a shorter aria-label
  document.querySelectorAll(".search-button-field[aria-label]").forEach(function (button) {
    button.removeAttribute("aria-label");
  });
  // The light/dark switch shows only icons: hide them from assistive tech, keep the button's label.
  // Font Awesome may already have turned each <i title> into an <svg> with a <title>: strip both forms.
  document.querySelectorAll(".theme-switch-button .theme-switch").forEach(function (icon) {
    icon.setAttribute("aria-hidden", "true");
    icon.removeAttribute("title");
    icon.removeAttribute("role");
    icon.removeAttribute("aria-labelledby");
    icon.querySelectorAll("title").forEach(function (title) { title.remove(); });
  });
});
