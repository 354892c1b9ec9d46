/*
 * Progressive enhancement. Without this script everything works: the server shows and hides
 * questions on every request. With it, a conditional question appears or disappears as soon as
 * an earlier answer on the same page changes, with the same outcome as the server (it walks
 * the page in order exactly like navigation.resolve). No framework and no inline script.
 */
(function () {
  "use strict";

  var NUMBER = /^-?\d+([.,]\d+)?$/;

  // The same reading of a number as forms.parse_number.
  function parseNumber(text) {
    var compact = text.trim().replace(/ /g, "");
    if (!NUMBER.test(compact)) { return null; }
    return Number(compact.replace(",", "."));
  }

  function readAnswer(container) {
    var type = container.getAttribute("data-type");
    var inputs = container.querySelectorAll("input, textarea");
    var i;
    if (type === "multiple") {
      var chosen = [];
      for (i = 0; i < inputs.length; i += 1) {
        if (inputs[i].checked) { chosen.push(inputs[i].value); }
      }
      return chosen.length ? chosen : null;
    }
    if (type === "single" || type === "yesno" || type === "scale") {
      for (i = 0; i < inputs.length; i += 1) {
        if (inputs[i].checked) {
          return type === "scale" ? parseInt(inputs[i].value, 10) : inputs[i].value;
        }
      }
      return null;
    }
    if (!inputs.length) { return null; }
    if (type === "number") { return parseNumber(inputs[0].value); }
    var text = inputs[0].value.replace(/\r\n/g, "\n").trim();
    return text ? text : null;
  }

  function enhanceForm(form) {
    var marker = form.querySelector("input[name='js']");
    if (marker) { marker.value = "1"; }
    var outside = {};
    try { outside = JSON.parse(form.getAttribute("data-answers") || "{}"); } catch (e) { outside = {}; }
    var containers = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
    var parsed = containers.map(function (container) {
      var raw = container.getAttribute("data-condition");
      return raw ? JSON.parse(raw) : null;
    });

    function update() {
      var effective = {};
      Object.keys(outside).forEach(function (key) { effective[key] = outside[key]; });
      containers.forEach(function (container, index) {
        var shown = window.MVOConditions.evaluate(parsed[index], effective);
        container.hidden = !shown;
        if (shown) {
          var value = readAnswer(container);
          if (window.MVOConditions.isAnswered(value)) {
            effective[container.getAttribute("data-question")] = value;
          }
        }
      });
    }

    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update();
  }

  // "Weet ik niet", "niet van toepassing" and "none of these" (data-exclusive, from
  // Option.stands_alone) cannot be combined with other choices.
  function enhanceCheckboxes(group) {
    group.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.checked || box.type !== "checkbox") { return; }
      var exclusive = box.hasAttribute("data-exclusive");
      Array.prototype.forEach.call(group.querySelectorAll("input[type='checkbox']"), function (other) {
        if (other !== box && (exclusive || other.hasAttribute("data-exclusive"))) { other.checked = false; }
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-checkboxes]"), enhanceCheckboxes);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-enhance]"), enhanceForm);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
