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
    var svg = figure.querySelector(".diagram-scroll > svg");
    var scroller = figure.querySelector(".diagram-scroll");
    var natural = svg ? parseFloat(svg.getAttribute("width")) || 0 : 0;
    var zoom = 1;
    var bar = document.createElement("div");
    bar.className = "zoom-bar";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "zoom";
    function label() {
      var fitted = figure.classList.contains("fit");
      button.textContent = fitted ? figure.getAttribute("data-actual") : figure.getAttribute("data-fit");
      button.setAttribute("aria-pressed", fitted ? "true" : "false");
    }
    function apply() {
      if (svg && natural) {
        svg.style.width = figure.classList.contains("fit") ? "" : String(natural * zoom) + "px";
      }
    }
    function step(text, title, factor) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "zoom-step";
      b.textContent = text;
      b.setAttribute("aria-label", title);
      b.title = title;
      b.addEventListener("click", function () {
        figure.classList.remove("fit");
        zoom = Math.min(3, Math.max(0.4, zoom * factor));
        label();
        apply();
      });
      return b;
    }
    button.addEventListener("click", function () {
      figure.classList.toggle("fit");
      zoom = 1;
      label();
      apply();
    });
    label();
    bar.appendChild(step("\u2212", figure.getAttribute("data-zoom-out") || "-", 1 / 1.25));
    bar.appendChild(step("+", figure.getAttribute("data-zoom-in") || "+", 1.25));
    bar.appendChild(button);
    figure.insertBefore(bar, figure.firstChild);
    if (scroller) {
      // drag to pan: a press that moves more than a few pixels scrolls the view
      var start = null;
      scroller.addEventListener("pointerdown", function (event) {
        if (event.button === 0) {
          start = {x: event.clientX, y: event.clientY, left: scroller.scrollLeft, top: scroller.scrollTop, moved: false};
        }
      });
      scroller.addEventListener("pointermove", function (event) {
        if (!start) {
          return;
        }
        var dx = event.clientX - start.x;
        var dy = event.clientY - start.y;
        if (start.moved || Math.abs(dx) + Math.abs(dy) > 4) {
          start.moved = true;
          scroller.classList.add("panning");
          scroller.scrollLeft = start.left - dx;
          scroller.scrollTop = start.top - dy;
        }
      });
      var stop = function () {
        start = null;
        scroller.classList.remove("panning");
      };
      scroller.addEventListener("pointerup", stop);
      scroller.addEventListener("pointerleave", stop);
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), makeSortable);
  Array.prototype.forEach.call(document.querySelectorAll("figure.diagram"), makeZoomable);
}());
