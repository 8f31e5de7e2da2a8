/* Search page: mounts the Pagefind UI from the site's own /pagefind/ folder (no CDN).
   With JavaScript off the page shows a <noscript> note instead. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  function unavailable() {
    var note = document.getElementById("search-unavailable");
    if (note) note.hidden = false;
  }
  if (typeof window.PagefindUI !== "function") {
    unavailable();
    return;
  }
  /* The index is built in shards (pagefind/<shard>/, listed in pagefind/shards.json):
     the first is the primary bundle, the others are merged into it (Pagefind's mergeIndex).
     Result URLs are relative to the folder that holds pagefind/. */
  var root = new URL(box.getAttribute("data-bundle") || "../pagefind/", window.location.href);
  var baseUrl = new URL("../", root).pathname;
  function mount(bundles) {
    var paths = bundles.map(function (name) { return new URL(name, root).href; });
    var ui = new window.PagefindUI({
      element: "#search",
      bundlePath: paths[0],
      baseUrl: baseUrl,
      mergeIndex: paths.slice(1).map(function (path) {
        return { bundlePath: path, baseUrl: baseUrl };
      }),
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      autofocus: false,
      translations: { placeholder: "Search articles, actors and topics" }
    });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  fetch(new URL("shards.json", root).href)
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    })
    .then(function (listing) {
      if (!listing.bundles || !listing.bundles.length) throw new Error("no shard");
      mount(listing.bundles);
    })
    .catch(unavailable);

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
})();
