// The full edition's own script, loaded by every public page (never by the light edition).
(function () {
  // The server's copy of the page stands until the live page shows the same content; then it goes,
  // so every id is in the document once.
  function takeOver() {
    var copy = document.querySelector("ssr-page");
    if (!copy) return true;
    if (!document.querySelector(".rx-page.live")) return false;
    copy.remove();
    return true;
  }
  if (!takeOver()) {
    var observer = new MutationObserver(function () {
      if (takeOver()) observer.disconnect();
    });
    observer.observe(document.documentElement, { subtree: true, childList: true, attributes: true,
                                                 attributeFilter: ["class"] });
  }
  // Keeps the light edition of the pages a traveller opened, for when there is no signal (sw.js).
  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {});
    });
  }
})();
