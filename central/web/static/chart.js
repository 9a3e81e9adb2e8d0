// The trend by month, drawn with uPlot (served from this server: no internet needed).
"use strict";
(function () {
  var holder = document.getElementById("chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || typeof uPlot === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#0b5cad", "#2e7d32", "#c05600"];
  var xs = data.labels.map(function (_, i) { return i + 1; });
  var series = [{}];
  var values = [xs];
  data.series.forEach(function (s, i) {
    series.push({ label: s[0], stroke: colours[i % colours.length], width: 2,
                  points: { show: true, size: 6 } });
    values.push(s[1]);
  });
  function size() {
    return { width: Math.max(280, holder.clientWidth - 16), height: 260 };
  }
  var plot = new uPlot(Object.assign(size(), {
    series: series,
    scales: { x: { time: false } },
    axes: [
      { values: function (_u, ticks) { return ticks.map(function (t) { return data.labels[t - 1] || ""; }); },
        incrs: [1] },
      {}
    ],
    legend: { live: false }
  }), values, holder);
  window.addEventListener("resize", function () { plot.setSize(size()); });
})();
