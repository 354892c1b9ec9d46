/*
 * The condition language in the browser: the same operator table as mvo_assessment/conditions.py.
 *
 * A condition is the exported JSON: {"all": [...]}, {"any": [...]}, {"not": C} or
 * {"question": id, "<operator>": value}. The one rule for missing answers is the server's:
 * a comparison with a question that has no (shown) answer is false; only "answered" looks at
 * absence itself. Equality follows Python's: numbers compare by value (True equals 1),
 * strings exactly, a list never equals a single value.
 * tests/web/test_conditions_js.py runs the same cases through both evaluators.
 */
(function (root) {
  "use strict";

  function isNumber(value) {
    return typeof value === "number";
  }

  function isNumeric(value) {
    // Python's bool is an int: it equals 1 or 0 under ==.
    return typeof value === "number" || typeof value === "boolean";
  }

  // Python's == for the JSON values conditions and answers can hold.
  function pyEquals(a, b) {
    if (a === undefined) { a = null; }
    if (b === undefined) { b = null; }
    if (isNumeric(a) && isNumeric(b)) { return Number(a) === Number(b); }
    if (Array.isArray(a) || Array.isArray(b)) {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) { return false; }
      for (var i = 0; i < a.length; i += 1) {
        if (!pyEquals(a[i], b[i])) { return false; }
      }
      return true;
    }
    return a === b;
  }

  function isAnswered(value) {
    if (value === null || value === undefined) { return false; }
    if (typeof value === "string" || Array.isArray(value)) { return value.length > 0; }
    return true;
  }

  function equals(answer, expected) {
    if (isNumber(answer) && isNumber(expected)) { return answer === expected; }
    return !Array.isArray(answer) && pyEquals(answer, expected);
  }

  function numeric(compare) {
    return function (answer, expected) {
      return isNumber(answer) && compare(answer, Number(expected));
    };
  }

  var OPERATORS = {
    equals: equals,
    "in": function (answer, expected) {
      return expected.some(function (item) { return equals(answer, item); });
    },
    contains: function (answer, expected) {
      return Array.isArray(answer) && answer.some(function (item) { return pyEquals(item, expected); });
    },
    gt: numeric(function (a, b) { return a > b; }),
    gte: numeric(function (a, b) { return a >= b; }),
    lt: numeric(function (a, b) { return a < b; }),
    lte: numeric(function (a, b) { return a <= b; })
  };

  function has(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  function evaluate(condition, answers) {
    if (condition === null || condition === undefined) { return true; }
    if (has(condition, "all")) {
      return condition.all.every(function (child) { return evaluate(child, answers); });
    }
    if (has(condition, "any")) {
      return condition.any.some(function (child) { return evaluate(child, answers); });
    }
    if (has(condition, "not")) { return !evaluate(condition.not, answers); }
    var operator = Object.keys(condition).filter(function (key) { return key !== "question"; })[0];
    var answer = has(answers, condition.question) ? answers[condition.question] : null;
    if (operator === "answered") { return pyEquals(isAnswered(answer), condition.answered); }
    if (!has(OPERATORS, operator)) { throw new Error("unknown operator: " + operator); }
    if (!isAnswered(answer)) { return false; } // the missing-answer rule
    return OPERATORS[operator](answer, condition[operator]);
  }

  // A typed number as the server reads it for branching (forms.NumberField: looks_grouped,
  // parse_number, answers.too_large and within_limits): "12", "12,5" or "12.5" in ASCII
  // digits, at most 40 characters; null when it is none, is written with the page language's
  // thousands separator, has more than 15 digits before the decimal point
  // (answers.NUMBER_DIGITS), or lies outside the question's limits (given as text, or null).
  var NUMBER = /^-?[0-9]+([.,][0-9]+)?$/;
  var MAX_NUMBER_TEXT = 40;
  var TOO_LARGE = 1e15;
  // forms.GROUPED_NUMBER: "1.500" in Dutch, "1,500" in English is refused, not read as 1.5.
  var GROUPED_NUMBER = { nl: /^-?[0-9]{1,3}(\.[0-9]{3})+$/, en: /^-?[0-9]{1,3}(,[0-9]{3})+$/ };

  function readNumber(text, min, max, language) {
    var trimmed = text.trim();
    if (trimmed.length > MAX_NUMBER_TEXT) { return null; }
    var compact = trimmed.replace(/ /g, "");
    var grouped = GROUPED_NUMBER[language];
    if (grouped && grouped.test(compact)) { return null; }
    if (!NUMBER.test(compact)) { return null; }
    var number = Number(compact.replace(",", "."));
    if (Math.abs(number) >= TOO_LARGE) { return null; }
    if (min !== null && min !== undefined && number < Number(min)) { return null; }
    if (max !== null && max !== undefined && number > Number(max)) { return null; }
    return number;
  }

  // A typed text as the server reads it (answers.typed_text): every line end as \n, trimmed;
  // null when nothing is left. The server trims exactly what trim() trims (answers.TEXT_TRIM).
  function readText(text) {
    var trimmed = text.replace(/\r\n?/g, "\n").trim();
    return trimmed ? trimmed : null;
  }

  root.MVOConditions = {
    evaluate: evaluate, isAnswered: isAnswered, readNumber: readNumber, readText: readText, OPERATORS: OPERATORS
  };
}(window));
