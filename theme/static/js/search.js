/* Search page: mounts the Pagefind UI from the site's own /pagefind/ folder (no CDN).
   With JavaScript off the page shows a <noscript> note instead. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  if (typeof window.PagefindUI !== "function") {
    var note = document.getElementById("search-unavailable");
    if (note) note.hidden = false;
    return;
  }
  var bundle = new URL(box.getAttribute("data-bundle") || "../pagefind/", window.location.href);
  var ui = new window.PagefindUI({
    element: "#search",
    bundlePath: bundle.href,
    baseUrl: new URL("../", bundle).pathname,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    autofocus: false,
    translations: { placeholder: "Search articles, actors and topics" }
  });

  /* Pagefind's input has a placeholder but no label: give it one for screen readers. */
  function labelInput() {
    var input = box.querySelector("input[type='text'], input[type='search'], .pagefind-ui__search-input");
    if (!input) return false;
    input.setAttribute("aria-label", "Search articles, actors and topics");
    input.removeAttribute("title");
    return true;
  }
  if (!labelInput() && "MutationObserver" in window) {
    var observer = new MutationObserver(function () {
      if (labelInput()) observer.disconnect();
    });
    observer.observe(box, { childList: true, subtree: true });
  }

  var query = new URLSearchParams(window.location.search).get("q");
  if (query) ui.triggerSearch(query);
})();
