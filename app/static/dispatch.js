// Dispatcher console: plan progress polling, map zoom, "show this shipment" highlighting.
// No dependencies; the pages work without it (progress then needs a manual reload).
(function () {
  "use strict";

  function fmt(n, digits) {
    if (n === null || n === undefined) return "–";
    return Number(n).toLocaleString(document.documentElement.lang, { maximumFractionDigits: digits });
  }

  function points(history, key, bounds) {
    var xy = history
      .filter(function (h) { return h[key] !== null && h[key] !== undefined; })
      .map(function (h) {
        var x = 10 + (h.elapsed / bounds.t) * 780;
        var y = 200 - ((h[key] - bounds.lo) / (bounds.hi - bounds.lo || 1)) * 180;
        return x.toFixed(1) + "," + y.toFixed(1);
      });
    if (xy.length === 1) xy.push(xy[0].replace(/^([\d.]+)/, function (x) { return (parseFloat(x) + 2).toFixed(1); }));
    return xy.join(" ");
  }

  function drawChart(section, history, limit) {
    var values = [];
    history.forEach(function (h) {
      if (h.incumbent !== null) values.push(h.incumbent);
      if (h.bound !== null) values.push(h.bound);
    });
    if (!values.length) return;
    var last = history[history.length - 1];
    var bounds = { lo: Math.min.apply(null, values), hi: Math.max.apply(null, values),
                   t: Math.max(limit, last.elapsed, 1) };
    section.querySelector(".p-inc").setAttribute("points", points(history, "incumbent", bounds));
    section.querySelector(".p-bound").setAttribute("points", points(history, "bound", bounds));
  }

  function show(section, job, history, limit) {
    var p = job.progress || {};
    var set = function (k, v) { var el = section.querySelector('[data-k="' + k + '"]'); if (el) el.textContent = v; };
    var labels = JSON.parse(section.getAttribute("data-labels") || "{}");
    document.querySelectorAll('[data-k="status"] .badge').forEach(function (badge) {
      badge.textContent = labels[job.status] || job.status;
      badge.className = "badge st-" + job.status;
    });
    set("incumbent", fmt(p.incumbent, 0));
    set("bound", fmt(p.bound, 0));
    set("gap", p.gap === null || p.gap === undefined ? "–" : (p.gap * 100).toFixed(2) + " %");
    set("elapsed", p.elapsed_s === undefined ? "–" : p.elapsed_s.toFixed(1) + " s");
    if (p.elapsed_s !== undefined) {
      var last = history[history.length - 1];
      if (!last || last.elapsed !== p.elapsed_s) {
        history.push({ elapsed: p.elapsed_s, incumbent: p.incumbent, bound: p.bound });
      }
      section.querySelector(".meter-fill").style.width = Math.min(100, (p.elapsed_s / limit) * 100) + "%";
      drawChart(section, history, limit);
    }
  }

  function poll(section) {
    var url = section.getAttribute("data-poll");
    var limit = parseFloat(section.getAttribute("data-limit")) || 30;
    var history = [];
    var tick = function () {
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (job) {
          show(section, job, history, limit);
          if (job.status === "done" || job.status === "failed") {
            window.setTimeout(function () { window.location.reload(); }, 400);
          } else {
            window.setTimeout(tick, 700);
          }
        })
        .catch(function () { window.setTimeout(tick, 2000); });
    };
    tick();
  }

  function zoom(button) {
    var svg = document.getElementById(button.getAttribute("data-zoom"));
    var step = parseFloat(button.getAttribute("data-step"));
    var home = svg.getAttribute("data-box").split(" ").map(Number);
    if (!step) { svg.setAttribute("viewBox", home.join(" ")); return; }
    var box = svg.getAttribute("viewBox").split(" ").map(Number);
    var cx = box[0] + box[2] / 2, cy = box[1] + box[3] / 2;
    var w = Math.min(home[2], box[2] / step), h = Math.min(home[3], box[3] / step);
    svg.setAttribute("viewBox", [cx - w / 2, cy - h / 2, w, h].map(function (v) { return v.toFixed(1); }).join(" "));
  }

  function pan(svg, dx, dy) {
    var box = svg.getAttribute("viewBox").split(" ").map(Number);
    box[0] += dx * box[2] * 0.1; box[1] += dy * box[3] * 0.1;
    svg.setAttribute("viewBox", box.map(function (v) { return v.toFixed(1); }).join(" "));
  }

  function focusShipment(sid) {
    document.querySelectorAll(".mapsvg").forEach(function (svg) { svg.classList.toggle("dimmed", !!sid); });
    document.querySelectorAll(".mapsvg [data-s]").forEach(function (el) {
      el.classList.toggle("hit", !!sid && el.getAttribute("data-s").split(" ").indexOf(sid) >= 0);
    });
    document.querySelectorAll(".gantt .grow, table.ships tr[data-s]").forEach(function (el) {
      el.classList.toggle("focused", el.getAttribute("data-s") === sid);
    });
    var all = document.querySelector('button[data-focus=""]');
    if (all) all.hidden = !sid;
    if (sid) {
      var map = document.getElementById("map-h");
      if (map) map.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }

  document.addEventListener("click", function (event) {
    var z = event.target.closest("[data-zoom]");
    if (z) zoom(z);
    var f = event.target.closest("[data-focus]");
    if (f) focusShipment(f.getAttribute("data-focus"));
  });

  document.addEventListener("keydown", function (event) {
    var svg = event.target.closest && event.target.closest(".mapsvg");
    if (!svg) return;
    var keys = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (keys[event.key]) { pan(svg, keys[event.key][0], keys[event.key][1]); event.preventDefault(); }
    var id = svg.id;
    if (event.key === "+" || event.key === "=") zoom({ getAttribute: function (a) { return a === "data-zoom" ? id : "1.5"; } });
    if (event.key === "-") zoom({ getAttribute: function (a) { return a === "data-zoom" ? id : "0.667"; } });
    if (event.key === "0") zoom({ getAttribute: function (a) { return a === "data-zoom" ? id : "0"; } });
  });

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.querySelector("section.progress[data-poll]");
    if (section) poll(section);
  });
})();
