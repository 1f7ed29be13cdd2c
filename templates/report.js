(function () {
  "use strict";

  function sortKey(row, index) {
    var cell = row.children[index];
    return cell ? cell.getAttribute("data-sort") || cell.getAttribute("data-value") || "" : "";
  }

  function makeSortable(table) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var body = table.tBodies[0];
    Array.prototype.forEach.call(body.rows, function (row, position) {
      row.setAttribute("data-order", String(position));
    });
    var lang = document.documentElement.lang || "en";
    headers.forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      var arrow = document.createElement("span");
      arrow.className = "arrow";
      arrow.setAttribute("aria-hidden", "true");
      button.appendChild(arrow);
      th.appendChild(button);
      button.addEventListener("click", function () {
        var numeric = th.getAttribute("data-type") === "number";
        var current = th.getAttribute("aria-sort");
        var direction;
        if (current === "ascending") {
          direction = "descending";
        } else if (current === "descending") {
          direction = "ascending";
        } else {
          direction = numeric ? "descending" : "ascending";
        }
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = sortKey(a, index);
          var y = sortKey(b, index);
          var result = numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y, lang);
          if (result === 0) {
            return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
          }
          return direction === "descending" ? -result : result;
        });
        rows.forEach(function (row) {
          body.appendChild(row);
        });
        headers.forEach(function (other) {
          other.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", direction);
      });
    });
  }

  function makeZoomable(figure) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "zoom";
    function label() {
      var fitted = figure.classList.contains("fit");
      button.textContent = fitted ? figure.getAttribute("data-actual") : figure.getAttribute("data-fit");
      button.setAttribute("aria-pressed", fitted ? "true" : "false");
    }
    button.addEventListener("click", function () {
      figure.classList.toggle("fit");
      label();
    });
    label();
    figure.insertBefore(button, figure.firstChild);
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll("figure.diagram"), makeZoomable);
}());
