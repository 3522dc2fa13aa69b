// The full edition's own script, loaded by every public page (never by the light edition).
(function () {
  // What a visitor typed or chose in the server's copy before the live page showed goes over to
  // the live page's field of the same id, with the focus, so nothing typed on a slow connection is lost.
  function carryOver(copy) {
    var focused = copy.contains(document.activeElement) ? document.activeElement.id : "";
    copy.querySelectorAll("input[id], select[id]").forEach(function (field) {
      var changed = field.tagName === "SELECT"
        ? Array.prototype.some.call(field.options, function (o) { return o.selected !== o.defaultSelected; })
        : field.type !== "hidden" && field.value !== field.defaultValue;
      var live = changed && document.querySelector(".rx-page.live #" + CSS.escape(field.id));
      if (!live) return;
      var setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(live), "value").set;
      setter.call(live, field.value);  // React tracks the value: set it as a person's input would
      live.dispatchEvent(new Event(live.tagName === "SELECT" ? "change" : "input", { bubbles: true }));
    });
    var target = focused && document.querySelector(".rx-page.live #" + CSS.escape(focused));
    if (target) target.focus();
  }
  // The server's copy stands until the live page shows the same content; then it goes, so every
  // id is in the document once.
  function takeOver() {
    var copy = document.querySelector("ssr-page");
    if (!copy) return true;
    if (!document.querySelector(".rx-page.live")) return false;
    carryOver(copy);
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
