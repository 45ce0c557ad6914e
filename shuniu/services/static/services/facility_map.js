// A hub's facilities as points on the Beijing map. Data comes from the page (json_script), never inline code.
(function () {
  "use strict";
  var el = document.getElementById("facility-map");
  if (!el) return;
  var data = JSON.parse(document.getElementById("facility-data").textContent);
  var COLORS = ["#b3261e", "#e07a5f", "#3d5a80", "#81b29a", "#c2185b", "#9aa5b1"];
  var chart = echarts.init(el, null, { renderer: "canvas" });  // canvas: thousands of points
  var series = data.kinds.map(function (label, i) {
    var points = data.points.filter(function (p) { return p[2] === label; });
    return { name: label, type: "scatter", coordinateSystem: "geo", symbolSize: points.length > 1000 ? 3 : 7,
             large: points.length > 1000, color: COLORS[i % COLORS.length],
             data: points.map(function (p) { return { name: p[3], value: [p[0], p[1]] }; }) };
  }).filter(function (s) { return s.data.length; });
  chart.setOption({
    title: data.points.length ? undefined : { text: el.dataset.empty, left: "center", top: "middle",
                                              textStyle: { fontSize: 14, color: "#666" } },
    tooltip: { trigger: "item", formatter: function (p) { return p.seriesName + "<br>" + p.name; } },
    legend: { top: 0 },
    geo: { map: "北京", roam: true, top: 40, bottom: 10, label: { show: true, fontSize: 10, color: "#777" },
           itemStyle: { areaColor: "#f6f4f1", borderColor: "#b9b3aa" } },
    series: series
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
