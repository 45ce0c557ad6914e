// The office dashboard's charts. Data comes from the page (json_script), never from inline code.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var ACCENT = "#b3261e", GREY = "#9aa5b1";
  var CORE = { "东城区": true, "西城区": true };
  // The map data labels each district at its government's seat (cp); five seats sit within a few
  // kilometres of the centre, and their names covered each other. Label those at the middle of their land.
  var LABEL_AT = { "门头沟区": [115.87, 39.98], "海淀区": [116.23, 40.03], "丰台区": [116.21, 39.83],
                   "朝阳区": [116.53, 39.96] };
  var beijing = echarts.getMap("北京");
  if (beijing) {
    beijing.geoJSON.features.forEach(function (f) {
      if (LABEL_AT[f.properties.name]) f.properties.cp = LABEL_AT[f.properties.name];
    });
    echarts.registerMap("北京", beijing.geoJSON);
  }
  var charts = [];
  // ECharts tooltips are HTML: anything from the data goes through this before it reaches one.
  var text = echarts.format.encodeHTML;

  function chart(id) {
    var el = document.getElementById(id);
    if (!el) return null;
    var c = echarts.init(el, null, { renderer: "svg" });
    charts.push(c);
    return c;
  }

  function mapOption(metric) {
    var el = document.getElementById("chart-map");
    var values = data.districts.map(function (d) {
      var v = metric === "coverage" ? (d.coverage === null ? null : Math.round(d.coverage * 1000) / 10) : d.density;
      // The two core districts are a few pixels wide: their names would sit on their neighbours'; hovering shows them.
      return CORE[d.name] ? { name: d.name, value: v, label: { show: false } } : { name: d.name, value: v };
    });
    var nums = values.map(function (v) { return v.value; }).filter(function (v) { return v !== null; });
    return {
      tooltip: { trigger: "item", formatter: function (p) {
        return text(p.name) + "<br>" + text(el.dataset["label" + metric.charAt(0).toUpperCase() + metric.slice(1)]) + "：" +
          (p.value === undefined || isNaN(p.value) ? "—" : p.value + (metric === "coverage" ? "%" : ""));
      } },
      // precision 1: the densities lie between 1.5 and 3.6, which whole numbers would show as "2 … 4".
      visualMap: { min: Math.min.apply(null, nums), max: Math.max.apply(null, nums), calculable: true, precision: 1,
                   inRange: { color: ["#fde7e4", ACCENT] }, left: "left", bottom: 10 },
      // The city fills its panel (ECharts' default leaves it at two thirds), so the centre's names have room.
      series: [{ type: "map", map: "北京", roam: false, data: values, label: { show: true, fontSize: 10 },
                 layoutCenter: ["55%", "50%"], layoutSize: "100%",
                 emphasis: { label: { show: true } } }]
    };
  }

  var map = chart("chart-map");
  if (map) {
    map.setOption(mapOption("density"));
    document.querySelectorAll(".map-switch button").forEach(function (button) {
      button.addEventListener("click", function () {
        document.querySelectorAll(".map-switch button").forEach(function (b) { b.classList.remove("on"); });
        button.classList.add("on");
        map.setOption(mapOption(button.dataset.metric), { replaceMerge: ["series"] });
      });
    });
  }

  var districts = chart("chart-districts");
  if (districts) {
    var el = document.getElementById("chart-districts");
    districts.setOption({
      tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 70, right: 20, top: 30, bottom: 20 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: data.districts.map(function (d) { return d.name; }) },
      series: [
        { name: el.dataset.registered, type: "bar", stack: "n", color: ACCENT, data: data.districts.map(function (d) { return d.registered; }) },
        { name: el.dataset.filed, type: "bar", stack: "n", color: GREY, data: data.districts.map(function (d) { return d.filed; }) }
      ]
    });
  }

  var types = chart("chart-types");
  if (types) {
    types.setOption({
      tooltip: { trigger: "item" },
      series: [{ type: "pie", radius: ["35%", "65%"], data: data.by_type,
                 label: { formatter: function (p) { return p.name + "\n" + p.value.toLocaleString("en-US"); } },
                 color: [ACCENT, "#e07a5f", "#f2cc8f", "#81b29a", GREY] }]
    });
  }

  var fields = chart("chart-fields");
  if (fields) {
    var rows = data.fields.slice(0, 20);
    fields.setOption({
      tooltip: { trigger: "axis" },
      grid: { left: 140, right: 20, top: 10, bottom: 20 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map(function (f) { return f.name; }) },
      series: [{ type: "bar", data: rows.map(function (f) {
        return { value: f.count, itemStyle: { color: f.covered ? ACCENT : GREY } };
      }) }]
    });
  }

  var years = chart("chart-years");
  if (years) {
    var el2 = document.getElementById("chart-years"), running = 0;
    years.setOption({
      tooltip: { trigger: "axis" }, legend: { top: 0 },
      grid: { left: 50, right: 50, top: 30, bottom: 30 },
      xAxis: { type: "category", data: data.years.map(function (y) { return y.year; }) },
      yAxis: [{ type: "value" }, { type: "value" }],
      series: [
        { name: el2.dataset.founded, type: "bar", color: GREY, data: data.years.map(function (y) { return y.count; }) },
        { name: el2.dataset.total, type: "line", yAxisIndex: 1, color: ACCENT, smooth: true,
          data: data.years.map(function (y) { running += y.count; return running; }) }
      ]
    });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
