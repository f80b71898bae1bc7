/* MkDocs' search/main.js reads the global `base_url`; the page passes it in a data attribute
   (no inline script: the Content-Security-Policy forbids it). */
(function () {
  var script = document.currentScript;
  window.base_url = (script && script.getAttribute("data-base-url")) || ".";
})();
