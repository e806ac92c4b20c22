// Keyboard shortcuts for stepping through proposals: j/k next/previous, a/r/k decisions.
document.addEventListener("keydown", function (event) {
  var target = event.target;
  if (target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.isContentEditable)) {
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) { return; }
  var key = event.key;
  var decision = document.querySelector('#step-form button[data-key="' + key + '"]');
  if (decision) {
    event.preventDefault();
    var reason = document.getElementById("reason");
    if (decision.dataset.needsReason && reason && !reason.value.trim()) {
      reason.focus();
      reason.dataset.pending = decision.value;
      return;
    }
    decision.click();
    return;
  }
  var link = key === "j" ? document.getElementById("next-item") : key === "k" ? document.getElementById("prev-item") : null;
  if (link) { event.preventDefault(); window.location = link.href; }
});
