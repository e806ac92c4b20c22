// SKP sheet: fast keyboard entry and one htmx request per changed row.
//   1 / 2 / 3 on a rating select: di bawah / sesuai / di atas ekspektasi, then on to the next field
//   ArrowUp / ArrowDown: the same column in the previous / next row
// A row is sent once both ratings are chosen; requests of one row run one after another so that a
// quick re-rating never overtakes the previous one (the row partial is swapped by each response).
(function () {
  "use strict";
  var KEYS = {"1": "di_bawah", "2": "sesuai", "3": "di_atas"};
  var pending = {};

  function rowOf(element) { return element && element.closest ? element.closest("tr.skp-row") : null; }
  function field(row, column) { return row ? row.querySelector('[data-col="' + column + '"]') : null; }

  function send(row) {
    var hasil = field(row, "hasil").value, perilaku = field(row, "perilaku").value;
    if (!hasil || !perilaku) { return; }
    var selector = "#" + row.id, url = row.dataset.url;
    var values = {hasil: hasil, perilaku: perilaku, justification: field(row, "alasan").value};
    pending[selector] = (pending[selector] || Promise.resolve()).then(function () {
      return htmx.ajax("POST", url, {source: selector, target: selector, swap: "outerHTML", values: values});
    }).catch(function () { /* htmx shows the error; the next change retries */ });
  }

  function focusRow(row, column, step) {
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr.skp-row"));
    var next = rows[rows.indexOf(row) + step];
    var target = field(next, column);
    if (target && !target.disabled) { target.focus(); }
  }

  document.addEventListener("keydown", function (event) {
    var element = event.target, row = rowOf(element);
    if (!row || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var column = element.dataset.col;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      focusRow(row, column, event.key === "ArrowDown" ? 1 : -1);
    } else if (element.tagName === "SELECT" && KEYS[event.key]) {
      event.preventDefault();
      element.value = KEYS[event.key];
      element.dispatchEvent(new Event("change", {bubbles: true}));
      if (column === "hasil") { field(row, "perilaku").focus(); } else { focusRow(row, "hasil", 1); }
    } else if (element.tagName === "INPUT" && event.key === "Enter") {
      event.preventDefault();
      focusRow(row, column, 1);  // leaving the field fires its change event
    }
  });

  document.addEventListener("change", function (event) {
    var row = rowOf(event.target);
    if (row) { send(row); }
  });
})();
