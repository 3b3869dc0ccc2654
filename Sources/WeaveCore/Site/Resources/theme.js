/* weave: theme.js, loaded in <head> before the stylesheet so a saved choice applies without a flash.
   Marks the page as scripted (html.js), which lets the phone layout fold the sidebar into a menu. */
(function () {
  var root = document.documentElement;
  root.classList.add("js");
  try {
    var saved = window.localStorage.getItem("weave-theme");
    if (saved === "dark" || saved === "light") root.setAttribute("data-theme", saved);
  } catch (e) { /* storage unavailable: follow the system */ }
})();
