// Typed text survives the end of a session. A form refused because the session ended comes back as
// a page listing what was typed (#kept-typed); an htmx action shows a link (data-keep-typed) above
// the page. Either keeps the values in this tab's sessionStorage under the form's page; once the
// user is logged in again and back on that page, the values go back into the fields of the same name.
(function () {
  "use strict";
  var PREFIX = "mutasi-typed:";
  var FIELDS = "textarea, select, input:not([type=hidden]):not([type=password]):not([type=file])" +
               ":not([type=checkbox]):not([type=radio]):not([type=submit])";

  function here() { return window.location.pathname + window.location.search; }

  function store(path, forms) {  // forms: [{action: pathname, pairs: [[name, value], ...]}]
    forms = forms.filter(function (f) { return f.pairs.length; });
    if (forms.length) { try { sessionStorage.setItem(PREFIX + path, JSON.stringify(forms)); } catch (e) { /* full */ } }
  }

  function actionOf(form) { return new URL(form.getAttribute("action") || here(), window.location.href).pathname; }

  function pageValues() {
    return Array.prototype.map.call(document.querySelectorAll("main form"), function (form) {
      var pairs = [];
      form.querySelectorAll(FIELDS).forEach(function (field) {
        if (field.name && field.value) { pairs.push([field.name, field.value]); }
      });
      return {action: actionOf(form), pairs: pairs};
    });
  }

  function fieldFor(action, name) {
    var forms = Array.prototype.filter.call(document.querySelectorAll("main form"), function (form) {
      return actionOf(form) === action;
    });
    for (var i = 0; i < forms.length; i += 1) {
      var field = forms[i].querySelector("[name=\"" + CSS.escape(name) + "\"]");
      if (field && field.matches(FIELDS)) { return field; }
    }
    return null;
  }

  function restore() {
    var key = PREFIX + here(), saved;
    try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || document.getElementById("kept-typed")) { return; }
    sessionStorage.removeItem(key);
    var restored = 0;
    saved.forEach(function (form) {
      form.pairs.forEach(function (pair) {
        var field = fieldFor(form.action, pair[0]);
        if (field && !field.value) { field.value = pair[1]; restored += 1; }
      });
    });
    if (restored) {
      var note = document.createElement("div");
      note.className = "alert alert-ok";
      note.id = "typed-restored";
      note.setAttribute("role", "status");
      note.textContent = "Isian yang Anda ketik sebelum sesi berakhir dikembalikan; periksa lalu kirim lagi.";
      document.getElementById("main").prepend(note);
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var kept = document.getElementById("kept-typed");
    if (kept) {
      store(kept.dataset.path, [{action: kept.dataset.action, pairs: Array.prototype.map.call(
        kept.querySelectorAll("textarea[data-name]"), function (t) { return [t.dataset.name, t.value]; })}]);
    }
    restore();
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-keep-typed]") : null;
    if (link) { store(here(), pageValues()); }
  });
})();
