// worksum index page: sort the table by a column (click or Enter on its title).
(function () {
  "use strict";
  var table = document.getElementById("docs");
  if (!table) { return; }
  var heads = Array.prototype.slice.call(table.querySelectorAll("thead th"));
  var body = table.tBodies[0];
  var collator = new Intl.Collator(["zh-CN", "en"], { numeric: true });

  function key(row, column) {
    return row.cells[column].getAttribute("data-key") || "";
  }

  function sortBy(column) {
    var th = heads[column];
    var descending = th.getAttribute("aria-sort") === "ascending";
    var numeric = th.getAttribute("data-type") === "num";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column);
      var y = key(b, column);
      // Empty cells last, whichever the direction.
      if (x === "" || y === "") { return x === y ? 0 : (x === "" ? 1 : -1); }
      var order = numeric ? Number(x) - Number(y) : collator.compare(x, y);
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    heads.forEach(function (h) { h.setAttribute("aria-sort", "none"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }

  heads.forEach(function (th, column) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(column); }); }
  });
})();
