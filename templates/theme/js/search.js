/* The search page (sok.html). Over http(s) the search plugin's worker (search/worker.js) builds
   the index off the main thread. Opened from disk (file://) Chromium refuses a worker from origin
   null and every XMLHttpRequest, so the page then loads lunr and the same index as scripts
   (search/search_index.js, written by the build next to search_index.json) and searches in the
   page itself. If neither can start, the results area says so in Swedish.
   No inline script: the Content-Security-Policy allows only the site's own files. */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = (script && script.getAttribute("data-base-url")) || ".";
  var UNAVAILABLE = "Sökningen kunde inte startas i den här webbläsaren. Använd startsidans listor " +
    "per organisation och per år för att hitta en rapport.";
  var input, results, worker = null, search = null, minLength = 3, started = false;

  function url(path) {
    return base.replace(/\/$/, "") + "/" + path;
  }

  function termFromLocation() {
    var match = /(?:^|&)q=([^&]*)/.exec(window.location.search.substring(1));
    return match ? decodeURIComponent(match[1].replace(/\+/g, "%20")) : "";
  }

  function clear() {
    while (results.firstChild) results.removeChild(results.firstChild);
  }

  function notice(text) {
    clear();
    var p = document.createElement("p");
    p.className = "notice";
    p.textContent = text;
    results.appendChild(p);
  }

  function show(found) {
    clear();
    if (!found.length) {
      var none = document.createElement("p");
      none.textContent = results.getAttribute("data-no-results-text") || "Inga träffar.";
      results.appendChild(none);
      return;
    }
    found.forEach(function (doc) {
      var article = document.createElement("article");
      var heading = document.createElement("h3");
      var link = document.createElement("a");
      link.href = /^\//.test(doc.location) ? doc.location : url(doc.location);
      link.textContent = doc.title;
      heading.appendChild(link);
      var summary = document.createElement("p");
      summary.textContent = doc.summary || (doc.text || "").substring(0, 200);
      article.appendChild(heading);
      article.appendChild(summary);
      results.appendChild(article);
    });
  }

  function query() {
    var text = input.value;
    if (text.length < minLength) {
      clear();
    } else if (worker) {
      worker.postMessage({ query: text });
    } else if (search) {
      show(search(text));
    }
  }

  function ready() {
    if (started) return;
    started = true;
    input.addEventListener("input", query);
    var term = termFromLocation();
    if (term) {
      input.value = term;
    }
    if (input.value) query();
  }

  function loadScripts(paths, done, failed) {
    if (!paths.length) return done();
    var element = document.createElement("script");
    element.src = url(paths[0]);
    element.onload = function () { loadScripts(paths.slice(1), done, failed); };
    element.onerror = failed;
    document.head.appendChild(element);
  }

  /* The worker's indexing (search/worker.js) done in the page. */
  function inPage() {
    worker = null;
    loadScripts(["search/search_index.js"], function () {
      var data = window.followupSearchIndex;
      if (!data) return notice(UNAVAILABLE);
      var lang = (data.config && data.config.lang) || ["en"];
      var scripts = ["search/lunr.js"];
      if (lang.length > 1 || lang[0] !== "en") {
        scripts.push("search/lunr.stemmer.support.js");
        if (lang.length > 1) scripts.push("search/lunr.multi.js");
        lang.forEach(function (code) { if (code !== "en") scripts.push("search/lunr." + code + ".js"); });
      }
      loadScripts(scripts, function () {
        try {
          var lunr = window.lunr;
          if (data.config && data.config.separator) lunr.tokenizer.separator = new RegExp(data.config.separator);
          var documents = {};
          var index;
          if (data.index) {
            index = lunr.Index.load(data.index);
            data.docs.forEach(function (doc) { documents[doc.location] = doc; });
          } else {
            index = lunr(function () {
              if (lang.length === 1 && lang[0] !== "en" && lunr[lang[0]]) this.use(lunr[lang[0]]);
              else if (lang.length > 1) this.use(lunr.multiLanguage.apply(null, lang));
              this.field("title");
              this.field("text");
              this.ref("location");
              for (var i = 0; i < data.docs.length; i++) {
                this.add(data.docs[i]);
                documents[data.docs[i].location] = data.docs[i];
              }
            });
          }
          if (data.config && data.config.min_search_length) minLength = data.config.min_search_length;
          search = function (text) {
            var found;
            try {
              found = index.search(text);
            } catch (error) { // lunr's query syntax: a stray ':' or '~' is not a search term
              found = [];
            }
            return found.map(function (hit) { return documents[hit.ref]; });
          };
          ready();
        } catch (error) {
          notice(UNAVAILABLE);
        }
      }, function () { notice(UNAVAILABLE); });
    }, function () { notice(UNAVAILABLE); });
  }

  function inWorker() {
    try {
      worker = new Worker(url("search/worker.js"));
    } catch (error) { // Chromium from file://: "cannot be accessed from origin 'null'"
      return inPage();
    }
    worker.onerror = function () { if (!started) inPage(); };
    worker.onmessage = function (event) {
      if (event.data.config && event.data.config.min_search_length) {
        minLength = event.data.config.min_search_length;
      } else if (event.data.allowSearch) {
        ready();
      } else if (event.data.results) {
        show(event.data.results);
      }
    };
    worker.postMessage({ init: true });
  }

  function start() {
    input = document.querySelector('input[id$="-search-query"]');
    results = document.querySelector('[id$="-search-results"]');
    if (!input || !results) return;
    if (window.location.protocol === "file:" || !window.Worker) inPage();
    else inWorker();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
