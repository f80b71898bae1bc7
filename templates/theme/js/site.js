/* Progressive enhancement, no dependencies. Without JavaScript every table is complete and
   readable; with it, tables marked data-sortable get sort buttons in their headers and tables
   with a [data-table-tools] panel can be filtered. */
(function () {
  "use strict";

  var collator = new Intl.Collator("sv", { numeric: true, sensitivity: "base" });

  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return type === "number" ? Infinity : "";
    var raw = cell.getAttribute("data-value");
    if (type === "number") {
      var n = parseFloat(raw !== null ? raw : cell.textContent.replace(/\s/g, "").replace("\u2212", "-").replace(",", "."));
      return isNaN(n) ? Infinity : n;
    }
    return (raw !== null ? raw : cell.textContent).trim();
  }

  function makeSortable(table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (th, index) {
      var type = th.getAttribute("data-sort");
      if (!type) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (other) {
          if (other.hasAttribute("aria-sort")) other.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, type), y = cellValue(b, index, type);
          var c = type === "number" ? (x < y ? -1 : x > y ? 1 : 0) : collator.compare(x, y);
          return ascending ? c : -c;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function setupFilters(tools) {
    var table = document.getElementById(tools.getAttribute("data-table-tools"));
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var controls = tools.querySelectorAll("[data-filter]");
    var count = tools.querySelector("[data-filter-count]");
    function apply() {
      var status = "", group = "", text = "";
      Array.prototype.forEach.call(controls, function (c) {
        var kind = c.getAttribute("data-filter");
        if (kind === "status") status = c.value;
        else if (kind === "group") group = c.value;
        else if (kind === "text") text = c.value.trim().toLowerCase();
      });
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!status || row.getAttribute("data-status") === status) &&
          (!group || row.getAttribute("data-group") === group) &&
          (!text || row.textContent.toLowerCase().indexOf(text) !== -1);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = "Visar " + shown + " av " + rows.length + " " + (count.getAttribute("data-noun") || "leveranser");
    }
    Array.prototype.forEach.call(controls, function (c) {
      c.addEventListener(c.tagName === "SELECT" ? "change" : "input", apply);
    });
    tools.hidden = false;
    apply();
  }

  // The swipe hint before a table is shown on narrow screens (CSS); hide it where the table fits.
  function updateScrollHints() {
    Array.prototype.forEach.call(document.querySelectorAll(".scroll-hint"), function (hint) {
      var box = hint.nextElementSibling;
      if (!box || !box.classList.contains("table-scroll")) return;
      var fits = box.scrollWidth <= box.clientWidth + 1;
      hint.classList.toggle("scroll-hint--fits", fits);
      hint.classList.toggle("scroll-hint--needed", !fits);
    });
  }

  // Browser print (Ctrl+P): every <details> is printed open, then closed again as it was.
  var openedForPrint = [];
  function openAllDetails() {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      openedForPrint.push(d);
    });
  }
  function restoreDetails() {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  }

  window.addEventListener("beforeprint", openAllDetails);
  window.addEventListener("afterprint", restoreDetails);
  if (window.matchMedia) {
    var printMedia = window.matchMedia("print");
    var onPrintChange = function (e) { if (e.matches) openAllDetails(); else restoreDetails(); };
    if (printMedia.addEventListener) printMedia.addEventListener("change", onPrintChange);
    else if (printMedia.addListener) printMedia.addListener(onPrintChange);
  }

  function init() {
    updateScrollHints();
    window.addEventListener("resize", updateScrollHints);
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-table-tools]"), setupFilters);
    Array.prototype.forEach.call(document.querySelectorAll(".js-only"), function (el) { el.hidden = false; });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
