// Draws every figure on the page: <div class="chart" data-figure="ID"> with its figure dict in
// the json_script element ID (built by countries/charts.py or recommendations/charts.py).
// A map also names its topojson file (data-topojson): it is loaded from our static files and
// handed to plotly.js, so plotly never fetches geography from its CDN.
(function () {
  "use strict";

  var CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ["toImage", "select2d", "lasso2d"] };

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
      return window.Plotly.newPlot(element, figure.data, figure.layout, config);
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
})();
