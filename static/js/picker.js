// The trends page's country picker: a box of checkboxes (the chosen ones first) that works
// without JavaScript; with it, a "Find a country" field shows only the names that match, and
// the ticked ones always.
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  document.querySelectorAll("[data-picker]").forEach(function (picker) {
    var find = picker.querySelector("[data-picker-find]");
    var options = picker.querySelectorAll("label.picker-option");
    find.parentElement.hidden = false;
    find.addEventListener("input", function () {
      var wanted = fold(find.value.trim());
      options.forEach(function (option) {
        var box = option.querySelector("input");
        option.hidden = !(box.checked || fold(option.textContent).indexOf(wanted) !== -1);
      });
    });
  });
})();
