// Draws every figure on the page: <div class="chart" data-figure="ID"> with its figure dict in
// the json_script element ID (built by countries/charts.py or recommendations/charts.py).
// A map also names its topojson file (data-topojson): it is loaded from our static files and
// handed to plotly.js, so plotly never fetches geography from its CDN.
(function () {
  "use strict";

  var CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["toImage", "select2d", "lasso2d"] };
  // Phones (the stylesheet's width): a figure's layout.meta.narrow (e.g. fewer year labels,
  // tipwatch/charts.py) goes over its layout.
  var NARROW = window.matchMedia("(max-width: 600px)");
  var drawn = [];

  function merged(base, over) {
    var out = Object.assign({}, base);
    Object.keys(over).forEach(function (key) {
      var value = over[key];
      var plain = value && typeof value === "object" && !Array.isArray(value);
      out[key] = plain && base[key] && typeof base[key] === "object" ? merged(base[key], value) : value;
    });
    return out;
  }

  function layoutFor(figure) {
    var layout = JSON.parse(JSON.stringify(figure.layout));  // plotly.js changes what it is given
    var narrow = layout.meta && layout.meta.narrow;
    return NARROW.matches && narrow ? merged(layout, narrow) : layout;
  }

  function readFigure(element) {
    var source = document.getElementById(element.dataset.figure);
    return source ? JSON.parse(source.textContent) : null;
  }

  function loadTopojson(element) {
    var url = element.dataset.topojson;
    if (!url) {
      return Promise.resolve(null);
    }
    return fetch(url, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("map geography " + url + ": HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (topojson) {
        var name = url.split("/").pop().split(".")[0];  // world_110m(.hash).json
        window.PlotlyGeoAssets = window.PlotlyGeoAssets || { topojson: {} };
        window.PlotlyGeoAssets.topojson[name] = topojson;
        return url.slice(0, url.lastIndexOf("/") + 1);
      });
  }

  function openClickedCountry(event) {
    var point = event.points && event.points[0];
    if (point && point.customdata) {
      window.location.assign(point.customdata);
    }
  }

  function draw(element) {
    var figure = readFigure(element);
    if (!figure) {
      return;
    }
    loadTopojson(element).then(function (topojsonURL) {
      var config = Object.assign({}, CONFIG);
      if (topojsonURL) {
        config.topojsonURL = topojsonURL;
      }
      drawn.push({ element: element, figure: figure, config: config });
      return window.Plotly.newPlot(element, figure.data, layoutFor(figure), config);
    }).then(function () {
      if (element.dataset.topojson) {
        element.on("plotly_click", openClickedCountry);
      }
      element.classList.add("chart-drawn");
    }).catch(function (error) {
      element.textContent = "The chart could not be drawn (" + error.message + "); its numbers are in the table.";
    });
  }

  document.querySelectorAll(".chart[data-figure]").forEach(draw);
  NARROW.addEventListener("change", function () {
    drawn.forEach(function (chart) {
      window.Plotly.react(chart.element, chart.figure.data, layoutFor(chart.figure), chart.config);
    });
  });
})();
