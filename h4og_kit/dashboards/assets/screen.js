/* h4og-kit event screen: ticks the clock and the countdowns every second, in the page's language
   and the event's time zone (Intl), and fetches the page again every few seconds (the server
   answers 304 while nothing changed), swapping in the new screen. No framework; the HTML it swaps
   in was built and escaped by the server's one rendering layer (h4og_kit.html). */
(function () {
  "use strict";
  var screen = document.getElementById("h4og-screen");
  if (!screen) { return; }
  var lang = screen.getAttribute("data-lang") || "en";
  var poll = parseInt(screen.getAttribute("data-poll"), 10) || 5000;
  var digits = new Intl.NumberFormat(lang, { minimumIntegerDigits: 2, useGrouping: false });
  var relative = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(lang, { numeric: "auto" }) : null;

  function clockText(node) {
    try {
      return new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hourCycle: "h23",
        timeZone: node.getAttribute("data-zone") || "UTC" }).format(new Date());
    } catch (e) { return node.textContent; }
  }
  function countdownText(at) {
    var seconds = Math.round((at - Date.now()) / 1000);
    if (seconds <= 0) { return relative ? relative.format(0, "second") : "0"; }
    if (seconds >= 86400 && relative) { return relative.format(Math.floor(seconds / 86400), "day"); }
    var h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
    return digits.format(h) + ":" + digits.format(m) + ":" + digits.format(s);
  }
  function tick() {
    var root = document.getElementById("h4og-screen");
    root.querySelectorAll("[data-clock]").forEach(function (node) { node.textContent = clockText(node); });
    root.querySelectorAll("[data-countdown]").forEach(function (node) {
      var at = Date.parse(node.getAttribute("datetime"));
      if (!isNaN(at)) { node.textContent = countdownText(at); }
    });
  }
  function refresh() {
    if (!window.fetch || !window.DOMParser) { return; }
    fetch(window.location.href, { cache: "no-cache", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (!text) { return; }
        var fresh = new DOMParser().parseFromString(text, "text/html").getElementById("h4og-screen");
        var now = document.getElementById("h4og-screen");
        if (fresh && now && fresh.innerHTML !== now.innerHTML) {
          now.innerHTML = fresh.innerHTML;
          tick();
        }
      })
      .catch(function () { /* offline for a moment: keep the screen, try again */ });
  }
  tick();
  setInterval(tick, 1000);
  setInterval(refresh, poll);
})();
