// The step page's keyboard: navigation keys only move, decision keys only open a confirmation
// that names the decision, "?" lists the keys. No key and no Enter records a decision by itself.
//   j / k   next / previous proposal of the queue
//   s / t / b   Setujui / Tolak / Kembalikan (PPK): open the confirmation (a reason first where needed)
//   ?   the list of keys; Esc closes a dialog
(function () {
  "use strict";

  function typing(target) {
    return target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" ||
                      target.tagName === "SELECT" || target.isContentEditable);
  }

  function openDialog(id) {
    var dialog = document.getElementById(id);
    if (dialog && !dialog.open) { dialog.showModal(); }
    return dialog;
  }

  function confirmDecision(button) {
    var form = button.form, reason = document.getElementById("reason");
    if (button.dataset.needsReason && reason && !reason.value.trim()) {
      reason.focus();
      var hint = document.getElementById("reason-hint");
      if (hint) { hint.textContent = "Tulis alasannya dahulu, lalu pilih lagi: " + button.dataset.confirm + "."; }
      return;
    }
    var dialog = openDialog("decision-dialog");
    if (!dialog) { return; }
    document.getElementById("decision-question").textContent = button.dataset.confirm + "?";
    var yes = document.getElementById("decision-yes");
    yes.textContent = "Ya, " + button.dataset.confirm.toLowerCase();
    yes.onclick = function () {
      form.elements.confirmed.value = button.value;
      dialog.close();
      form.requestSubmit(button);
    };
    document.getElementById("decision-no").focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target, button = event.submitter;
    if (form.id !== "step-form" || !button || !button.dataset.confirm) { return; }
    if (form.elements.confirmed.value === button.value) { return; }
    event.preventDefault();
    confirmDecision(button);
  });

  document.addEventListener("click", function (event) {
    if (event.target.id === "decision-no") { document.getElementById("decision-dialog").close(); }
    if (event.target.id === "help-close") { document.getElementById("shortcut-help").close(); }
  });

  document.addEventListener("keydown", function (event) {
    if (typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (document.querySelector("dialog[open]")) { return; }  // the open dialog has the keyboard
    var key = event.key;
    if (key === "?") { event.preventDefault(); openDialog("shortcut-help"); return; }
    var link = key === "j" ? document.getElementById("next-item") : key === "k" ? document.getElementById("prev-item") : null;
    if (link) { event.preventDefault(); window.location = link.href; return; }
    var decision = document.querySelector('#step-form button[data-key="' + key + '"]');
    if (decision) { event.preventDefault(); confirmDecision(decision); }
  });
})();
