/// The live-reload client `weave serve` adds to every page it serves (the site on disk never carries it): it
/// polls `/__weave/status`, reloads when a new build is in, and shows a build error as an overlay over the
/// last good page.
public enum LiveReload {
    public static let statusPath = "/__weave/status"
    public static let scriptPath = "/__weave/live.js"

    /// Adds the client to an HTML page, before `</body>`.
    public static func inject(into html: String) -> String {
        let tag = "<script src=\"\(scriptPath)\"></script>\n"
        guard let range = html.range(of: "</body>", options: .backwards) else { return html + tag }
        return html.replacingCharacters(in: range.lowerBound..<range.lowerBound, with: tag)
    }

    public static let script = """
    (function () {
      "use strict";
      var seen = null, shownError = null;
      function overlay(message) {
        var box = document.getElementById("weave-overlay");
        if (!message) { if (box) box.remove(); return; }
        if (!box) {
          box = document.createElement("div");
          box.id = "weave-overlay";
          box.setAttribute("role", "alert");
          // Styled here too, for pages without weave.css (the placeholder served before a first good build).
          box.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:100;" +
            "background:#2b0d0d;color:#ffd9d6;border:2px solid #ff6b60;border-radius:8px;padding:0.8rem 1rem;" +
            "font:0.8rem/1.45 monospace;white-space:pre-wrap";
          document.body.appendChild(box);
        }
        box.textContent = "";
        var close = document.createElement("button");
        close.type = "button";
        close.textContent = "×";
        close.setAttribute("aria-label", "Hide");
        close.onclick = function () { box.remove(); };
        box.appendChild(close);
        box.appendChild(document.createTextNode("weave: the build failed; this is the last good page.\\n\\n" + message));
      }
      function poll() {
        var request = new XMLHttpRequest();
        request.open("GET", "\(statusPath)", true);
        request.onload = function () {
          try {
            var status = JSON.parse(request.responseText);
            if (seen === null) seen = status.version;
            if (status.error) {
              if (status.error !== shownError) { shownError = status.error; overlay(status.error); }
            } else if (status.version !== seen) {
              window.location.reload();
              return;
            } else if (shownError) {
              shownError = null; overlay(null);
            }
          } catch (e) { /* a half-written answer: try again */ }
          setTimeout(poll, 400);
        };
        request.onerror = function () { setTimeout(poll, 1500); };
        request.send();
      }
      poll();
    })();

    """
}
