/*
 * Progressive enhancement. Without this script everything works: the server shows and hides
 * questions on every request. With it, a conditional question appears or disappears as soon as
 * an earlier answer on the same page changes, with the same outcome as the server (it walks
 * the page in order exactly like navigation.resolve). No framework and no inline script.
 */
(function () {
  "use strict";

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
    if (type === "number") {
      return window.MVOConditions.readNumber(
        inputs[0].value, container.getAttribute("data-min"), container.getAttribute("data-max"),
        document.documentElement.lang);
    }
    return window.MVOConditions.readText(inputs[0].value);
  }

  // The form's live region (page.html, data-announce) and its message templates.
  function message(form, template, values) {
    var region = form && form.querySelector("[data-announce]");
    var text = region ? region.getAttribute(template) || "" : "";
    Object.keys(values).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }

  // Messages of one change (a choice unticked, then a question gone) are said together: one
  // write after the others, since a second write can cut the first one off.
  function announce(form, text) {
    var region = form && form.querySelector("[data-announce]");
    if (!region || !text) { return; }
    if (region.pending) { region.pending.push(text); return; }
    region.pending = [text];
    region.textContent = "";  // emptied first, so that the same message twice is said twice
    window.setTimeout(function () {
      region.textContent = region.pending.join(" ");
      region.pending = null;
    }, 50);
  }

  function questionName(container) {
    var label = container.querySelector("legend, label");
    return label ? label.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function enhanceForm(form) {
    if (!window.MVOConditions) {
      // conditions.js is a file of its own, and a flaky connection can lose it alone: the form
      // then stays as without the script, where the server brings in the questions an answer
      // reveals. It said "script on" (js=1) and then threw on every change, so such a
      // question never appeared and the page was refused for it (QA, flaky network).
      holdWhileOffline(form);
      return;
    }
    var marker = form.querySelector("input[name='js']");
    if (marker) { marker.value = "1"; }
    var outside = {};
    try { outside = JSON.parse(form.getAttribute("data-answers") || "{}"); } catch (e) { outside = {}; }
    var containers = Array.prototype.slice.call(form.querySelectorAll("[data-question]"));
    var parsed = containers.map(function (container) {
      var raw = container.getAttribute("data-condition");
      return raw ? JSON.parse(raw) : null;
    });

    function update(event) {
      var effective = {};
      var said = [];
      Object.keys(outside).forEach(function (key) { effective[key] = outside[key]; });
      containers.forEach(function (container, index) {
        var shown = window.MVOConditions.evaluate(parsed[index], effective);
        if (event && container.hidden === shown) {
          // Shown or hidden by this change: said, while focus stays on the answer being given.
          said.push(message(form, shown ? "data-appeared" : "data-disappeared", { question: questionName(container) }));
        }
        container.hidden = !shown;
        if (shown) {
          var value = readAnswer(container);
          if (window.MVOConditions.isAnswered(value)) {
            effective[container.getAttribute("data-question")] = value;
          }
        }
      });
      announce(form, said.join(" "));
      if (event) { pruneErrorSummary(); }
    }

    form.addEventListener("change", update);
    form.addEventListener("input", update);
    update(null);
    holdWhileOffline(form);
    saveLinkSendsThePage(form);
  }

  // The header's "Later verdergaan" left a question page as a plain link: what was ticked on
  // it was lost, and the page it led to said "Uw antwoorden zijn opgeslagen" (QA, cognitive
  // access). With changes on the page it does what the page's own "Opslaan en later
  // verdergaan" does: the page is sent and saved (or comes back with its errors), then the
  // code page. Without changes it stays a link.
  function saveLinkSendsThePage(form) {
    var link = document.querySelector("a[data-save-link]");
    var button = form.querySelector("button[name='action'][value='save']");
    if (!link || !button) { return; }
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
      if (JSON.stringify(fieldState(form)) === form.mvoServed) { return; }
      event.preventDefault();
      button.click();
    });
  }

  // A page sent while the browser knows it is offline (a phone on a train) went to the
  // browser's own error page, and Back from there to the start page, its answers gone (QA,
  // train). It is held here instead, with the answers still on the page, and said why.
  function holdWhileOffline(form) {
    var notice = form.querySelector("[data-offline]");
    if (!notice) { return; }
    function clear() { notice.textContent = ""; notice.hidden = true; }
    form.addEventListener("submit", function (event) {
      // A second try is let through: a browser can say it is offline while the site answers
      // (a laptop without Wi-Fi serving the site itself; QA, review), and the visitor who
      // tries again has read the notice.
      if (navigator.onLine !== false || !notice.hidden) { clear(); return; }
      event.preventDefault();
      notice.hidden = false;
      notice.textContent = "";  // emptied first, so that a second try is said again
      window.setTimeout(function () { notice.textContent = notice.getAttribute("data-offline"); }, 50);
    });
    window.addEventListener("online", clear);
  }

  // The PDF report comes as a download, so the page stays as it was and nothing showed that it
  // was being made; impatient taps each made a PDF again (QA, train). The link "Rapport (PDF)"
  // and the button "Rapport met deze naam" say so for a while (the link said nothing: QA,
  // screen reader), and where the file will be, and let a second tap for the same report pass
  // only after that. Only the same name again waits: a corrected name is a new report (QA,
  // review). The request itself stays the browser's own: a script that fetched the report and
  // asked again when the answer was a page (a refused name, an ended session) sent a second
  // request whose answer differed from the first one's (QA, review: a replaced code read as
  // "Uw browser bewaart geen cookie"), and the browser does not say when a download is done.
  function reportFeedback() {
    var form = document.querySelector("form[data-report]");
    var status = form && form.querySelector("[data-busy-status]");
    var name = form && form.querySelector("input[name='bedrijf']");
    if (!status || !name) { return; }
    // Each message beside what was tapped: the form's was screens below the link at 400 % zoom
    // (QA, low vision). A page without the link's own says it in the form's, as before.
    var linkStatus = document.querySelector("[data-busy-status-link]") || status;
    var busyWith = null;
    var timer = null;
    function busy(event, report, shown) {
      if (busyWith === report) { event.preventDefault(); return; }
      busyWith = report;
      status.textContent = "";
      linkStatus.textContent = "";
      window.setTimeout(function () { shown.textContent = shown.getAttribute("data-busy-status"); }, 50);
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        busyWith = null; status.textContent = ""; linkStatus.textContent = "";
      }, REPORT_BUSY_SECONDS * 1000);
    }
    form.addEventListener("submit", function (event) { busy(event, "name:" + name.value, status); });
    var link = document.querySelector("a[data-report-link]");
    if (link) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) { return; }
        busy(event, "link", linkStatus);
      });
    }
  }
  var REPORT_BUSY_SECONDS = 8;

  // An error of a question that an answer has just hidden no longer applies: its link in the
  // error summary would lead nowhere (QA). The summary goes when none is left.
  function pruneErrorSummary() {
    var summary = document.querySelector(".error-summary");
    if (!summary) { return; }
    var items = Array.prototype.slice.call(summary.querySelectorAll(".error-summary__list li"));
    items.forEach(function (item) {
      var link = item.querySelector("a[href^='#']");
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      var question = target && target.closest("[data-question]");
      item.hidden = Boolean(question && question.hidden);
    });
    summary.hidden = items.every(function (item) { return item.hidden; });
  }

  // "Weet ik niet", "niet van toepassing" and "none of these" (data-exclusive, from
  // Option.stands_alone) cannot be combined with other choices.
  function enhanceCheckboxes(group) {
    group.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.checked || box.type !== "checkbox") { return; }
      var exclusive = box.hasAttribute("data-exclusive");
      var unticked = [];
      Array.prototype.forEach.call(group.querySelectorAll("input[type='checkbox']"), function (other) {
        if (other !== box && other.checked && (exclusive || other.hasAttribute("data-exclusive"))) {
          other.checked = false;
          unticked.push(other);
        }
      });
      if (unticked.length) {
        var form = group.closest("form");
        var label = function (input) { return form.querySelector("label[for='" + input.id + "']").textContent.trim(); };
        announce(form, exclusive
          ? message(form, "data-alone", { option: label(box) })
          : message(form, "data-unticked", { option: label(unticked[0]) }));
      }
    });
  }

  // Switching the language loads the page again from the server, which knows only the saved
  // answers. What the visitor changed on the page is carried over in this tab's sessionStorage
  // (never sent anywhere) and put back after the reload, still unsaved, then removed.
  var CARRY = "mvo-unsaved:";
  // In a frame on another site, a browser that blocks third-party storage refuses the frame
  // its sessionStorage (QA, portal: switching lost the answers without a word). The frame's
  // own name (window.name) then carries them: it outlives the reload in the same frame and is
  // never sent anywhere. The name it had (the portal may use it) is put back on arrival.
  var NAME_CARRY = "mvo-unsaved\n";

  function parkedInName() {
    if (window.name.indexOf(NAME_CARRY) !== 0) { return null; }
    try { return JSON.parse(window.name.slice(NAME_CARRY.length)); } catch (e) { return {}; }
  }

  function parkChanges(key, state) {
    try { window.sessionStorage.setItem(key, state); return; } catch (e) { /* storage refused */ }
    // Parked already (a second click before the page went): the frame's own name is the one
    // parked then, not the parking itself (QA, review: a double click lost the portal's name).
    var parked = parkedInName();
    var ownName = parked ? (typeof parked.name === "string" ? parked.name : "") : window.name;
    window.name = NAME_CARRY + JSON.stringify({ key: key, name: ownName, state: state });
  }

  // On every page, not only on one with answers to carry: a switch can land elsewhere (the
  // start page, once the session has ended), and the frame keeps its own name, not the
  // typed answers for any later page in it to read (QA, review).
  var arrivedInName = (function unparkName() {
    var parked = parkedInName();
    if (parked) { window.name = typeof parked.name === "string" ? parked.name : ""; }
    return parked;
  }());

  function takeParkedChanges(key) {
    var carried = null;
    try {
      carried = window.sessionStorage.getItem(key);
      window.sessionStorage.removeItem(key);
    } catch (e) { carried = null; }
    if (!carried && arrivedInName && arrivedInName.key === key) { carried = arrivedInName.state; }
    arrivedInName = null;
    return carried;
  }

  // A wizard page's answers; on another form that carries its typing over a language switch
  // (data-carry-language: the company name on the results page, the resume code) its text fields.
  function questionInputs(form) {
    if (!form.hasAttribute("data-enhance")) { return form.querySelectorAll("input[type='text'], textarea"); }
    return form.querySelectorAll("[data-question] input, [data-question] textarea");
  }

  function fieldState(form) {
    var state = {};
    Array.prototype.forEach.call(questionInputs(form), function (input) {
      var values = state[input.name] || (state[input.name] = []);
      if (input.type === "checkbox" || input.type === "radio") {
        if (input.checked) { values.push(input.value); }
      } else {
        values.push(input.value);
      }
    });
    return state;
  }

  function restoreState(form, state) {
    Array.prototype.forEach.call(questionInputs(form), function (input) {
      if (!Object.prototype.hasOwnProperty.call(state, input.name)) { return; }
      var values = state[input.name];
      if (input.type === "checkbox" || input.type === "radio") {
        input.checked = values.indexOf(input.value) !== -1;
      } else {
        input.value = values.length ? values[0] : "";
      }
    });
  }

  function carryOverLanguageSwitch(form) {
    var key = CARRY + window.location.pathname;
    // Compared with what the server sent, so answers carried in once are carried again. A page
    // that came back from a post (an error) shows what was sent, and none of it is stored: all
    // of it is carried (QA: the ticked answers were lost on switching the language).
    var served = form.hasAttribute("data-unsaved") ? null : JSON.stringify(fieldState(form));
    form.mvoServed = served;  // what is stored, for the header's "Later verdergaan" (saveLinkSendsThePage)
    var carried = takeParkedChanges(key);
    if (carried) {
      try { restoreState(form, JSON.parse(carried)); } catch (e) { /* an old or broken entry: ignore */ }
    }
    Array.prototype.forEach.call(document.querySelectorAll(".language-switch__link"), function (link) {
      link.addEventListener("click", function () {
        var now = JSON.stringify(fieldState(form));
        if (now === served) { return; }
        parkChanges(key, now);
      });
    });
  }

  // The server builds the language links, and a browser never sends it the part after "#":
  // the place on the page (a new question marked "Nieuwe vraag", a section of the results)
  // goes along when the link is followed (QA: the page opened at its top).
  function keepPlaceOnLanguageSwitch() {
    Array.prototype.forEach.call(document.querySelectorAll(".language-switch__link"), function (link) {
      link.addEventListener("click", function () {
        if (window.location.hash && link.getAttribute("href").indexOf("#") < 0) {
          link.setAttribute("href", link.getAttribute("href") + window.location.hash);
        }
      });
    });
  }

  // A link in the error summary goes to the question, not only to its first field: the
  // question's text (legend or label) and its error message scroll into view, then the field
  // gets focus. The browser alone would put the first option at the top edge of the screen,
  // with the question and the message above it, out of sight.
  function enhanceErrorSummary(summary) {
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      var field = link ? document.getElementById(link.getAttribute("href").slice(1)) : null;
      if (!field) { return; }
      var question = field.closest(".form-group") || field;
      event.preventDefault();
      question.scrollIntoView();
      field.focus({ preventScroll: true });
      // A question taller than the window (400 % zoom, a phone with large text) left the field
      // below its bottom edge: focused where nobody saw it, and an arrow key ticked an answer
      // unseen (QA, low vision). Then the field scrolls up as far as needed, the text above it going.
      var box = field.getBoundingClientRect();
      if (box.bottom > window.innerHeight || box.top < 0) { field.scrollIntoView({ block: "nearest" }); }
    });
  }

  // A table that may scroll sideways is a focusable region, so keyboard users can scroll it.
  // Where it fits (nearly always: it stacks on phones), that is a tab stop that does nothing.
  function scrollRegionsOnlyWhereNeeded() {
    var regions = document.querySelectorAll(".table-scroll[tabindex]");
    function check() {
      Array.prototype.forEach.call(regions, function (region) {
        if (region.scrollWidth > region.clientWidth + 1) {
          region.setAttribute("tabindex", "0");
        } else {
          region.removeAttribute("tabindex");
        }
      });
    }
    if (!regions.length) { return; }
    regions = Array.prototype.slice.call(regions);
    check();
    window.addEventListener("resize", check);
    // A table can also outgrow its region without the window changing: a <details> opened,
    // a font that loaded late, text spacing set by the visitor (QA, WCAG 1.4.12).
    if (window.ResizeObserver) {
      var observer = new window.ResizeObserver(check);
      regions.forEach(function (region) {
        observer.observe(region);
        if (region.firstElementChild) { observer.observe(region.firstElementChild); }
      });
    }
  }

  // WCAG 2.2.1: shortly before the session would end, say so and offer to go on. The button
  // asks the server's keep-alive address (wizard.keep_alive), which renews the session cookie.
  // A 401 means the session is gone already: then the warning says so, as it does by itself
  // once the session has surely ended (QA: it kept offering "Ik ben er nog" long after).
  function sessionWarning() {
    var box = document.querySelector("[data-session-warning]");
    var after = box ? parseInt(box.getAttribute("data-warn-after"), 10) : 0;
    if (!box || !(after > 0) || !window.fetch) { return; }
    var ends = parseInt(box.getAttribute("data-ends-after"), 10);
    var button = box.querySelector("[data-session-extend]");
    var running = box.querySelector("[data-session-running]");
    var ended = box.querySelector("[data-session-ended]");
    var failure = box.querySelector("[data-session-failed]");
    var renewed = document.querySelector("[data-session-renewed]");
    var before = null;
    var timers = [];
    function arm() {
      timers.forEach(window.clearTimeout);
      timers = [window.setTimeout(warn, after * 1000)];
      if (ends > after) { timers.push(window.setTimeout(end, ends * 1000)); }
    }
    // Focus goes to the button, and back where it was once the session is renewed: the fixed
    // box covers the lower part of a phone's screen, and the control that had focus (or the
    // next ones by Tab) sat hidden behind it, the button many Tabs away (QA, accessibility).
    // While the box is shown, the page keeps its height free at the bottom: a control reached
    // by Tab scrolls above the box, not behind it, and the last ones can scroll that far
    // (QA, accessibility: the footer links and "Volgende" sat behind it on a phone).
    // In a low window the box stands in the page instead (site.css): no room to keep.
    function floating() { return window.getComputedStyle(box).position === "fixed"; }
    function keepRoom(shown) {
      // From the box's top edge to the window's bottom: the box floats a little above it.
      var room = shown && floating() ? Math.ceil(window.innerHeight - box.getBoundingClientRect().top + 8) + "px" : "";
      document.documentElement.style.scrollPaddingBottom = room;
      document.body.style.paddingBottom = room;
    }
    // Focus on the warning: on its button; standing in the page, the box first scrolled to
    // its top, and in a window lower than the box on its text, which the button follows by
    // Tab (QA, review: at 320 × 180 the button's focus scrolled the first sentence away).
    function focusWarning() {
      // Floating but taller than its room (large text on a phone): the button's focus scrolled
      // the box's first sentence out of sight (QA, low vision); its text takes focus instead,
      // at its top, and the button follows by Tab.
      if (floating() && box.scrollHeight <= box.clientHeight) { button.focus(); return; }
      if (floating()) { box.scrollTop = 0; running.focus({preventScroll: true}); return; }
      box.scrollIntoView({block: "start"});
      if (box.getBoundingClientRect().height <= window.innerHeight) {
        button.focus({preventScroll: true});
      } else {
        running.focus({preventScroll: true});
      }
    }
    // A phone turned, or a window zoomed, while the box shows: it may float now, or no more.
    // Standing in the page it may be far above the window, the focus in it too (QA, review).
    window.addEventListener("resize", function () {
      if (box.hidden) { return; }
      keepRoom(true);
      if (floating() || !box.contains(document.activeElement)) { return; }
      if (running.hidden) { box.scrollIntoView({block: "start"}); } else { focusWarning(); }
    });
    function warn() {
      before = document.activeElement;
      if (renewed) { renewed.textContent = ""; }
      box.hidden = false;
      keepRoom(true);
      // Not from a field being typed in: the keys would land on the button (QA, review).
      var typing = before && (before.tagName === "TEXTAREA" ||
        (before.tagName === "INPUT" && !/^(radio|checkbox|button|submit|hidden)$/.test(before.type)));
      if (typing) { return; }
      if (document.hasFocus()) { focusWarning(); return; }
      // Not while the page has no focus: in a portal's frame the visitor may be typing in the
      // portal's own page, whose keys went to the button and which scrolled to the frame (QA,
      // portal). The alert is said all the same. After hours the tab is mostly in the
      // background: the button gets focus when the visitor comes back to this page, unless
      // focus went somewhere else meanwhile (QA, review).
      window.addEventListener("focus", function back() {
        window.removeEventListener("focus", back);
        if (!box.hidden && !running.hidden && document.activeElement === before) { focusWarning(); }
      });
    }
    // `fromButton`: the button was used, so focus is on it (or was, before the request).
    function end(fromButton) {
      var hadFocus = fromButton === true || running.contains(document.activeElement);
      box.hidden = false;
      running.hidden = true;
      ended.hidden = false;
      keepRoom(true);
      // Only when the button that had focus is gone: else focus stays where the visitor is.
      if (hadFocus) { ended.focus(); }
    }
    // `fromButton`: asked by the button; else by the browser coming online again, perhaps
    // minutes later, when focus is wherever the visitor went on working (QA, review: it was
    // put back on an earlier answer, and the next arrow key changed that answer).
    // While it asks, the button says it is busy instead of being disabled: a disabled button
    // loses focus to the page, so after a failure and the retry once online, nothing knew where
    // the visitor had been (QA, screen reader: focus fell to the top of the page).
    var asking = false;
    function renew(fromButton) {
      if (asking) { return; }
      asking = true;
      button.setAttribute("aria-disabled", "true");
      var afterFailure = !failure.hidden;
      // 204: renewed (the response re-signs the cookie); 401: the session had ended already.
      window.fetch(box.getAttribute("data-renew-url"), { method: "GET", credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status === 401) {
            timers.forEach(window.clearTimeout);
            end(true);
          } else if (response.status === 204) {
            var inBox = box.contains(document.activeElement);
            failure.hidden = true;
            failure.textContent = "";
            box.hidden = true;
            keepRoom(false);
            arm();
            if (fromButton === true || inBox) {
              if (before && before !== document.body && before.focus) {
                before.focus();
              } else if (inBox) {
                document.activeElement.blur();  // not left on a hidden button
              }
            }
            // The failure promised a retry: say that it worked (WCAG 4.1.3).
            if (afterFailure && renewed) {
              renewed.textContent = "";
              window.setTimeout(function () { renewed.textContent = renewed.getAttribute("data-renewed"); }, 50);
            }
          }
          return response;
        })
        .then(function (response) {
          if (response.status !== 204 && response.status !== 401) { failed(); }
        }, failed)
        .then(function () {
          asking = false;
          button.removeAttribute("aria-disabled");
        });
    }
    // Offline (or the site away for a moment) the tap did nothing and said nothing (QA, train):
    // it says so now, and asks again by itself as soon as the browser is online again.
    function failed() {
      failure.textContent = "";
      window.setTimeout(function () { failure.textContent = failure.getAttribute("data-failed"); }, 50);
      failure.hidden = false;
    }
    button.addEventListener("click", function () { renew(true); });
    window.addEventListener("online", function () {
      if (!failure.hidden && !box.hidden && !running.hidden) { renew(false); }
    });
    arm();
  }

  // The code page: buttons that copy the link or the code, where the browser allows it (not
  // over plain HTTP, and not in a frame whose page forbids it: then they stay hidden or say so).
  function copyButtons() {
    var box = document.querySelector("[data-copy]");
    if (!box || !navigator.clipboard || !window.isSecureContext) { return; }
    var status = box.querySelector("[data-copy-status]");
    Array.prototype.forEach.call(box.querySelectorAll("[data-copy-text]"), function (button) {
      button.addEventListener("click", function () {
        status.textContent = "";
        navigator.clipboard.writeText(button.getAttribute("data-copy-text")).then(
          function () { status.textContent = status.getAttribute("data-copied"); },
          function () { status.textContent = status.getAttribute("data-failed"); }
        );
      });
    });
    box.hidden = false;
  }

  // A page sent in answer to a form (its errors, a conflict) is that post in the browser's
  // history: Back to it from the next page asked to send the form again, a browser page the
  // visitor reads as the site broken (no-store pages cannot come from the cache; QA, browser).
  // In its place: the same address without the post, which shows the page as saved now.
  function forgetThePost() {
    var url = document.body.getAttribute("data-history-url");
    if (!url || !window.history || !window.history.replaceState) { return; }
    try {
      window.history.replaceState(window.history.state, "", url);
    } catch (refused) {
      // A sandboxed frame may refuse it: the page works as without the script, and the rest
      // of the enhancements still run.
    }
  }

  function init() {
    forgetThePost();
    scrollRegionsOnlyWhereNeeded();
    copyButtons();
    sessionWarning();
    Array.prototype.forEach.call(document.querySelectorAll("[data-checkboxes]"), enhanceCheckboxes);
    Array.prototype.forEach.call(document.querySelectorAll("[data-error-summary]"), enhanceErrorSummary);
    // Before enhanceForm, so the conditions are worked out on the answers put back.
    keepPlaceOnLanguageSwitch();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-enhance], form[data-carry-language]"), carryOverLanguageSwitch);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-enhance]"), enhanceForm);
    reportFeedback();
    var summary = document.querySelector("[data-error-summary]");
    var message = document.querySelector("[data-focus-on-load]");
    if (summary) { summary.focus(); } else if (message) { message.focus(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
