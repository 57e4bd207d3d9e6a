// The supervisor board: polls GET /api/v1/board and redraws (Alpine.js for the figures,
// uPlot for the throughput chart). Served by Silkhub itself; no network beyond it.
/* global Alpine, uPlot */
(function () {
  "use strict";
  const COLOURS = {
    receive: "#0072B2", putaway: "#009E73", pick: "#E69F00", pack: "#CC79A7", load: "#56B4E9",
    count: "#7a5c00", return: "#D55E00", unload: "#4d4d4d", handover: "#882255",
    gate: "#117733", inspect: "#AA4499", lookup: "#999933",
  };
  const EMPTY = {
    throughput: { minutes: [], ops: {}, refused: [] },
    queues: { open_picks: 0, awaiting_gate: 0, holds: {} },
    dwell_minutes: {}, customs: { statuses: {} }, devices: [], ledger: { ok: true },
  };
  const text = JSON.parse(document.getElementById("board-text").textContent);
  const fmt = (s, args) => s.replace(/%\((\w+)\)s/g, (_, k) => (args[k] ?? ""));
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const hhmm = (t) => new Date(t * 1000).toLocaleTimeString(document.documentElement.lang,
    { hour: "2-digit", minute: "2-digit", hour12: false });

  function chartOptions(ops, width) {
    const series = [{}];
    for (const op of ops) {
      series.push({ label: text.ops[op] || op, stroke: COLOURS[op] || "#333", width: 3,
                    points: { show: false } });
    }
    series.push({ label: text.refused, stroke: "#1b1f24", width: 2, dash: [6, 6],
                  points: { show: false } });
    return {
      width, height: Math.max(220, Math.round(window.innerHeight * 0.32)), series,
      scales: { y: { range: (u, lo, hi) => [0, Math.max(5, Math.ceil(hi * 1.15))] } },
      axes: [
        { stroke: "#1b1f24", grid: { stroke: "#0001" }, font: "15px sans-serif", space: 70,
          values: (u, ticks) => ticks.map(hhmm) },
        { stroke: "#1b1f24", grid: { stroke: "#0001" }, font: "15px sans-serif",
          size: 50, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] },
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    };
  }

  function board() {
    return {
      d: EMPTY, text, updated: "", clock: "", stale: false, staleText: "",
      lastMinute: 0, total: 0, holdCount: 0, onlineText: "", chartLabel: "",
      chart: null, ops: "",
      init() {
        this.url = this.$el.dataset.url;
        this.poll = Number(this.$el.dataset.poll || 5) * 1000;
        this.refresh();
        setInterval(() => this.refresh(), this.poll);
        window.addEventListener("resize", () => this.resize());
      },
      fmt,
      pct(x) { return x == null ? "–" : (x * 100).toFixed(1) + "%"; },
      num(x) { return x == null ? "–" : String(x); },
      ago(iso) {
        if (!iso) return text.never;
        const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
        if (s < 90) return fmt(text.ago_s, { n: s });
        if (s < 5400) return fmt(text.ago_m, { n: Math.round(s / 60) });
        return fmt(text.ago_h, { n: Math.round(s / 3600) });
      },
      async refresh() {
        try {
          const resp = await fetch(this.url, { credentials: "same-origin",
                                               headers: { Accept: "application/json" } });
          if (resp.status === 401) { window.location.reload(); return; }
          if (!resp.ok) throw new Error(String(resp.status));
          this.show(await resp.json());
        } catch {
          this.stale = true;
          this.staleText = fmt(text.stale, { time: this.clock || "–" });
        }
      },
      show(data) {
        this.d = data;
        this.stale = false;
        this.updated = data.at;
        this.clock = new Date(data.at).toLocaleTimeString(document.documentElement.lang,
                                                          { hour12: false });
        const tp = data.throughput;
        const perMinute = tp.minutes.map((_, i) =>
          sum(Object.values(tp.ops).map((xs) => xs[i])));
        this.lastMinute = perMinute.length ? perMinute[perMinute.length - 1] : 0;
        this.total = sum(perMinute);
        this.holdCount = sum(Object.values(data.queues.holds));
        const online = data.devices.filter((x) => x.state === "online").length;
        this.onlineText = fmt(text.online, { n: online, total: data.devices.length });
        const summary = Object.entries(tp.ops)
          .map(([op, xs]) => `${text.ops[op] || op} ${sum(xs)}`).join(", ");
        this.chartLabel = fmt(text.chart, { n: tp.minutes.length, summary: summary || "0" });
        this.draw(tp);
      },
      draw(tp) {
        const ops = Object.keys(tp.ops);
        const target = document.getElementById("throughput");
        const rows = [tp.minutes, ...ops.map((op) => tp.ops[op]), tp.refused];
        if (!this.chart || this.ops !== ops.join()) {
          if (this.chart) this.chart.destroy();
          this.ops = ops.join();
          this.chart = new uPlot(chartOptions(ops, target.clientWidth), rows, target);
        } else {
          this.chart.setData(rows);
        }
      },
      resize() {
        const target = document.getElementById("throughput");
        if (this.chart) this.chart.setSize({ width: target.clientWidth,
                                             height: this.chart.height });
      },
    };
  }

  document.addEventListener("alpine:init", () => Alpine.data("board", board));
})();
