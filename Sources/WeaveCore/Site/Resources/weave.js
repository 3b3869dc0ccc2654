/* weave: weave.js. Math (KaTeX), copy buttons, the theme toggle, the phone menu, the current section in
   the sidebar, hidden code opened for printing, and search (lunr, loaded on first use; works from file://). */
(function () {
  "use strict";
  var root = document.documentElement;

  function ready(fn) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fn); else fn();
  }
  function script(src, done) {
    var element = document.createElement("script");
    element.src = src;
    element.onload = done;
    element.onerror = function () { done(new Error("cannot load " + src)); };
    document.head.appendChild(element);
  }

  // Math, typeset from the TeX the page carries (Debian's KaTeX, bundled in the site).
  function typeset() {
    if (typeof katex === "undefined") return;
    document.querySelectorAll(".math").forEach(function (element) {
      katex.render(element.textContent, element, {
        displayMode: element.classList.contains("display"), throwOnError: false
      });
    });
  }

  // weave's words in the page's language (<html lang>): English unless a table has them.
  var words = {
    zh: { "Copy": "复制", "Copy this code": "复制此代码", "Copied": "已复制", "Select and copy": "请选中后复制",
          "Nothing found for “%s”.": "没有找到“%s”。", "All %s results": "全部 %s 条结果" }
  };
  function t(english, value) {
    var lang = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
    var text = (words[lang] && words[lang][english]) || english;
    return value === undefined ? text : text.replace("%s", value);
  }

  // Copy buttons on code.
  function copyButtons() {
    document.querySelectorAll("pre.code").forEach(function (pre) {
      var wrap = document.createElement("div");
      wrap.className = "code-wrap";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = t("Copy");
      button.setAttribute("aria-label", t("Copy this code"));
      button.addEventListener("click", function () {
        var text = pre.textContent;
        function done(ok) {
          button.textContent = ok ? t("Copied") : t("Select and copy");
          button.classList.add("done");
          setTimeout(function () { button.textContent = t("Copy"); button.classList.remove("done"); }, 1500);
        }
        function fallback() {
          var area = document.createElement("textarea");
          area.value = text;
          area.setAttribute("readonly", "");
          area.style.position = "fixed"; area.style.opacity = "0";
          document.body.appendChild(area);
          area.select();
          var ok = false;
          try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
          document.body.removeChild(area);
          done(ok);
        }
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
        } else {
          fallback();
        }
      });
      wrap.appendChild(button);
    });
  }

  // Dark or light: the system's setting until the reader chooses; the choice is remembered.
  function themeToggle() {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    button.addEventListener("click", function () {
      var current = root.getAttribute("data-theme");
      if (!current) current = window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
      var next = current === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { window.localStorage.setItem("weave-theme", next); } catch (e) { /* not remembered */ }
    });
  }

  function menuToggle() {
    var button = document.getElementById("menu-toggle");
    if (!button) return;
    function set(open) {
      document.body.classList.toggle("nav-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? "✕" : "☰";
    }
    button.addEventListener("click", function () { set(!document.body.classList.contains("nav-open")); });
    // Following a link to a section of this page closes the menu, so the section is in view.
    document.querySelectorAll(".sidebar-body a").forEach(function (a) {
      a.addEventListener("click", function () { set(false); });
    });
  }

  // Marks the section being read in the sidebar's outline.
  function currentSection() {
    var links = Array.prototype.slice.call(document.querySelectorAll(".sidebar .sections a"));
    if (!links.length || !("IntersectionObserver" in window)) return;
    var headings = links.map(function (a) { return document.getElementById(decodeURIComponent(a.hash.slice(1))); });
    function update() {
      var active = -1;
      headings.forEach(function (h, i) { if (h && h.getBoundingClientRect().top < 120) active = i; });
      links.forEach(function (a, i) { a.classList.toggle("active", i === active); });
    }
    window.addEventListener("scroll", update, { passive: true });
    update();
  }

  // Hidden code is printed too.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.hidden-code").forEach(function (d) { d.open = true; });
  });

  // ---- Search -------------------------------------------------------------------------------------------
  // CJK runs become overlapping bigrams, exactly as the index was built (SearchIndex.terms in weave).
  function isCJK(code) {
    return (code >= 0x3040 && code <= 0x30FF) || (code >= 0x3400 && code <= 0x4DBF) ||
      (code >= 0x4E00 && code <= 0x9FFF) || (code >= 0xF900 && code <= 0xFAFF) ||
      (code >= 0xAC00 && code <= 0xD7AF) || (code >= 0x1100 && code <= 0x11FF) ||
      (code >= 0x3130 && code <= 0x318F) || (code >= 0x20000 && code <= 0x2FA1F);
  }
  function cjkTerms(text) {
    var out = "", run = [];
    function flush() {
      if (!run.length) return;
      out += " ";
      if (run.length === 1) out += run[0];
      else for (var i = 0; i + 1 < run.length; i++) out += (i ? " " : "") + run[i] + run[i + 1];
      out += " ";
      run = [];
    }
    Array.from(text).forEach(function (ch) {
      if (isCJK(ch.codePointAt(0))) run.push(ch); else { flush(); out += ch; }
    });
    flush();
    return out;
  }

  var index = null, documents = null, loading = [];
  function withIndex(done) {
    if (index) return done();
    loading.push(done);
    if (loading.length > 1) return;
    var base = document.querySelector("script[src$='assets/weave.js']").getAttribute("src").replace(/weave\.js$/, "");
    function build() {
      if (typeof lunr === "undefined" || !window.weaveSearchDocuments) return;
      // Split on anything that is not a letter or digit; CJK text arrives already split into bigrams.
      lunr.tokenizer.separator = /[^\p{L}\p{N}_]+/u;
      documents = window.weaveSearchDocuments;
      index = lunr(function () {
        // lunr's trimmer strips non-ASCII letters, which would erase CJK terms; the tokenizer already trims.
        this.pipeline.remove(lunr.trimmer);
        this.ref("i");
        this.field("title", { boost: 4 });
        this.field("terms");
        this.metadataWhitelist = ["position"];
        var builder = this;
        documents.forEach(function (d, i) { builder.add({ i: String(i), title: cjkTerms(d.title), terms: d.terms || (d.title + " " + d.text) }); });
      });
      var waiting = loading; loading = [];
      waiting.forEach(function (fn) { fn(); });
    }
    function loadIndex() {
      if (window.weaveSearchDocuments) build(); else script(base + "search-index.js", build);
    }
    if (typeof lunr === "undefined") script(base + "lunr/lunr.min.js", loadIndex); else loadIndex();
  }

  function queryTokens(query) {
    return lunr.tokenizer(cjkTerms(query)).map(function (t) { return t.toString(); })
      .filter(function (t) { return t.length > 0; });
  }

  // All words required, the last as a prefix (as you type); then all words as words; then any word.
  function search(query) {
    var tokens = queryTokens(query);
    if (!tokens.length) return [];
    var content = tokens.filter(function (t) { return lunr.stopWordFilter(t) !== undefined; });
    if (!content.length) content = tokens;
    var attempts = [
      function (q) {
        content.forEach(function (t, i) {
          if (i === content.length - 1) {
            q.term(t, { usePipeline: false, wildcard: lunr.Query.wildcard.TRAILING, presence: lunr.Query.presence.REQUIRED });
          } else {
            q.term(t, { presence: lunr.Query.presence.REQUIRED });
          }
        });
      },
      function (q) { content.forEach(function (t) { q.term(t, { presence: lunr.Query.presence.REQUIRED }); }); },
      function (q) { content.forEach(function (t) { q.term(t); }); }
    ];
    for (var a = 0; a < attempts.length; a++) {
      var hits = [];
      try { hits = index.query(attempts[a]); } catch (e) { hits = []; }
      if (hits.length) return hits.map(function (h) { return documents[Number(h.ref)]; });
    }
    return [];
  }

  function snippet(text, query) {
    var words = query.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
    var lower = text.toLowerCase(), phrase = query.trim().toLowerCase(), at = lower.indexOf(phrase), length = phrase.length;
    if (at < 0) {
      length = 0;
      words.forEach(function (w) { var i = lower.indexOf(w); if (i >= 0 && (at < 0 || i < at)) { at = i; length = w.length; } });
    }
    var fragment = document.createDocumentFragment();
    if (at < 0) { fragment.appendChild(document.createTextNode(text.slice(0, 160) + (text.length > 160 ? "…" : ""))); return fragment; }
    var start = Math.max(0, at - 60), end = Math.min(text.length, at + length + 100);
    fragment.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + length);
    fragment.appendChild(mark);
    fragment.appendChild(document.createTextNode(text.slice(at + length, end) + (end < text.length ? "…" : "")));
    return fragment;
  }

  function showResults(container, query, limit) {
    container.textContent = "";
    if (!query.trim()) return;
    var hits = search(query);
    container.setAttribute("data-count", String(hits.length));
    if (!hits.length) {
      var none = document.createElement("p");
      none.className = "none";
      none.textContent = t("Nothing found for “%s”.", query);
      container.appendChild(none);
      return;
    }
    var list = document.createElement("ol");
    hits.slice(0, limit).forEach(function (d) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = d.url;
      link.textContent = d.title;
      item.appendChild(link);
      var span = document.createElement("span");
      span.className = "snippet";
      span.appendChild(snippet(d.text, query));
      item.appendChild(span);
      list.appendChild(item);
    });
    container.appendChild(list);
    if (hits.length > limit) {
      var more = document.createElement("a");
      more.href = "search.html?q=" + encodeURIComponent(query);
      more.textContent = t("All %s results", hits.length);
      container.appendChild(more);
    }
  }

  function searchBox() {
    var input = document.getElementById("search-input");
    var results = document.getElementById("search-results");
    if (!input || !results) return;
    var timer = null;
    input.addEventListener("focus", function () { withIndex(function () {}); });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { withIndex(function () { showResults(results, input.value, 8); }); }, 120);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { input.value = ""; results.textContent = ""; }
    });
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA");
      if (event.key === "/" && !typing) { event.preventDefault(); document.body.classList.add("nav-open"); input.focus(); }
    });
  }

  function searchPage() {
    var results = document.getElementById("search-page-results");
    if (!results) return;
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var input = document.getElementById("search-page-input");
    if (input) input.value = query;
    if (!query) return;
    withIndex(function () { showResults(results, query, 100); results.setAttribute("data-query", query); });
  }

  ready(function () {
    typeset();
    copyButtons();
    themeToggle();
    menuToggle();
    currentSection();
    searchBox();
    searchPage();
  });
})();
