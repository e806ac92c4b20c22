// The menu on a narrow screen: a button shows and hides it (aria-expanded says which); Escape closes
// it. Without this script the menu simply stays open (mutasi.css collapses it only under .js-menu).
(function () {
  function setUp() {
    var button = document.getElementById("menu-toggle"), menu = document.getElementById("main-menu");
    if (!button || !menu) return;
    function show(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    }
    button.addEventListener("click", function () { show(button.getAttribute("aria-expanded") !== "true"); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
        show(false);
        button.focus();
      }
    });
    button.closest(".topbar").classList.add("js-menu");
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
