/* h4og-kit public showcase: filters over the JSON embedded in the page, and a live poll of the
   cached JSON feed (ETag / 304). No framework. Words come from the server in the page's language
   (the count's template is in the JSON); "how long ago" is counted again in the browser with
   Intl.RelativeTimeFormat in the page's language. The cards and feed lines in the JSON are HTML
   built and escaped by the server's one rendering layer (h4og_kit.html). From file:// the poll
   cannot fetch and the page simply stays as it was published. */
(function () {
  "use strict";
  var dataNode = document.getElementById("h4og-data");
  if (!dataNode) { return; }
  var data = JSON.parse(dataNode.textContent);
  var feedUrl = dataNode.getAttribute("data-feed") || "showcase.json";
  var form = document.getElementById("h4og-filters");
  var cardsBox = document.getElementById("h4og-cards");
  var feedBox = document.getElementById("h4og-feed");
  var countBox = document.getElementById("h4og-count");
  var POLL_MS = 4000;

  function fold(s) { return (s || "").toLowerCase().replace(/^#/, "").trim(); }
  function chosen() {
    var out = {};
    ["kind", "tag", "stage", "language", "q"].forEach(function (name) {
      var field = form && form.elements[name];
      out[name] = field ? field.value : "";
    });
    return out;
  }
  function matches(item, f) {
    if (f.kind && item.kind !== f.kind) { return false; }
    if (f.stage && item.stage !== f.stage) { return false; }
    if (f.tag && item.tags.indexOf(fold(f.tag)) < 0) { return false; }
    if (f.language && item.languages.indexOf(f.language.toLowerCase().trim()) < 0) { return false; }
    var words = (f.q || "").toLowerCase().split(/\s+/).filter(Boolean);
    for (var i = 0; i < words.length; i++) {
      if (item.text.indexOf(words[i]) < 0) { return false; }
    }
    return true;
  }
  function render() {
    var f = chosen();
    var html = [];
    var shown = 0;
    data.entries.forEach(function (item) {
      if (matches(item, f)) { html.push(item.card); shown++; }
    });
    cardsBox.innerHTML = html.join("");
    if (countBox) {
      var template = data.count_template || countBox.getAttribute("data-template") || "";
      countBox.textContent = template.replace("{shown}", shown).replace("{total}", data.entries.length);
    }
  }
  var UNITS = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400],
               ["hour", 3600], ["minute", 60], ["second", 1]];
  function ago() {
    if (!window.Intl || !Intl.RelativeTimeFormat) { return; }
    var words = new Intl.RelativeTimeFormat(document.documentElement.lang || "en", { numeric: "auto" });
    var times = document.querySelectorAll("#h4og-feed time[datetime]");
    for (var i = 0; i < times.length; i++) {
      var seconds = (Date.parse(times[i].getAttribute("datetime")) - Date.now()) / 1000;
      if (isNaN(seconds)) { continue; }
      for (var u = 0; u < UNITS.length; u++) {
        if (Math.abs(seconds) >= UNITS[u][1] * 0.9 || u === UNITS.length - 1) {
          times[i].textContent = words.format(Math.round(seconds / UNITS[u][1]), UNITS[u][0]);
          break;
        }
      }
    }
  }
  function renderFeed() { if (feedBox) { feedBox.innerHTML = data.feed.join(""); } ago(); }

  if (form) {
    form.addEventListener("submit", function (event) { event.preventDefault(); render(); });
    form.addEventListener("input", render);
    form.addEventListener("change", render);
  }
  render();

  var version = data.version;
  var stopped = location.protocol === "file:";
  function poll() {
    if (stopped || !window.fetch) { return; }
    fetch(feedUrl, { cache: "no-store", headers: { "If-None-Match": version } })
      .then(function (response) {
        if (response.status === 304 || !response.ok) { return null; }
        return response.json();
      })
      .then(function (fresh) {
        if (fresh && fresh.version !== version) {
          data = fresh;
          version = fresh.version;
          render();
          renderFeed();
          document.documentElement.setAttribute("data-h4og-version", version);
        }
      })
      .catch(function () { /* offline or file://: keep the page as it is */ })
      .then(function () { ago(); setTimeout(poll, POLL_MS); });
  }
  setTimeout(poll, POLL_MS);
})();
