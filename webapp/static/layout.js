// Narrow screens (webapp/static/mutasi.css, max-width 760px), without a framework:
// - the menu: a button shows and hides it (aria-expanded says which); Escape closes it. Without this
//   script the menu simply stays open (the CSS collapses it only under .js-menu);
// - a table wider than the screen scrolls inside its own box; such a box gets a Tab stop so that a
//   keyboard can scroll it too (again after htmx swaps content in, and when the window resizes).
(function () {
  function setUpMenu() {
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

  function markScrollingTables() {
    document.querySelectorAll("main table").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1;
      if (scrolls && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.setAttribute("data-scroll-stop", "1");
      } else if (!scrolls && table.hasAttribute("data-scroll-stop")) {
        table.removeAttribute("tabindex");
        table.removeAttribute("data-scroll-stop");
      }
    });
  }

  function setUp() {
    setUpMenu();
    markScrollingTables();
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(markScrollingTables, 150);
    });
    document.body.addEventListener("htmx:afterSettle", markScrollingTables);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
