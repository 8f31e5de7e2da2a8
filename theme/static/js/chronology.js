/* Keeps event links working whichever pages the chronology has (docs/chronology.md).
   The page says what to do in the data-event-links attribute of one element:
   - "redirect" (a month's address while every event is on the chronology page): go to the
     chronology page, to the event of the link's #id or else to the month;
   - "to-period" (the chronology page once months have pages): an event id that is not on this
     page is on its month's page; the id starts with the event's date (ev-2023-10-07-…);
   - "to-next" (a page of a month): an event id not on this page is on a later page. */
(function () {
  "use strict";
  var here = document.querySelector("[data-event-links]");
  if (!here) return;
  var mode = here.getAttribute("data-event-links");
  var id = decodeURIComponent(location.hash.slice(1));
  if (mode === "redirect") {
    location.replace(here.getAttribute("data-target") + (location.hash || here.getAttribute("data-month")));
    return;
  }
  if (!id || document.getElementById(id)) return;
  if (mode === "to-period") {
    var date = /^ev-(\d{4})(?:-(\d{2}))?(?:-\d{2})?-[0-9a-f]{10}$/.exec(id);
    if (!date) return;
    var period = date[1] + (date[2] ? "-" + date[2] : "");
    location.replace(here.getAttribute("data-period-url").replace("{period}", period) + location.hash);
  } else if (mode === "to-next" && id.indexOf("ev-") === 0) {
    location.replace(here.getAttribute("data-next") + location.hash);
  }
})();
