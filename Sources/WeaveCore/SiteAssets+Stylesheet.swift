extension SiteAssets {
    /// weave.css: a readable measure, light and dark themes (system setting, or the reader's choice), a
    /// sidebar that folds into a menu on phones, build-time Swift highlighting, and a print stylesheet.
    static let stylesheet = """
    :root {
      --text: #1d1f21; --muted: #5c6370; --bg: #ffffff; --panel: #f6f7f9; --border: #dfe2e6;
      --accent: #0b5cad; --code-bg: #f5f6f8; --output-bg: #fbfaf3; --output-border: #c9a227; --fail: #b3261e;
      --mark: #fff3a3;
      --hl-kw: #a626a4; --hl-ty: #0e7c86; --hl-str: #3c7d24; --hl-num: #9a5b00; --hl-com: #6e7781;
      --hl-attr: #9a6700; --hl-label: #4b5a9e;
      --measure: 46rem; --sans: "DejaVu Sans", "Noto Sans CJK SC", system-ui, sans-serif;
      --mono: "DejaVu Sans Mono", "Noto Sans Mono CJK SC", monospace;
    }
    :root[data-theme="dark"] {
      --text: #e3e5e8; --muted: #9aa1ab; --bg: #16181b; --panel: #1d2024; --border: #33373d;
      --accent: #7cbcff; --code-bg: #1f2226; --output-bg: #1d1f19; --output-border: #a88a2a; --fail: #ff8a80;
      --mark: #5c4d00;
      --hl-kw: #d59af0; --hl-ty: #5fc4cf; --hl-str: #a5d67f; --hl-num: #e0a86e; --hl-com: #8b929c;
      --hl-attr: #e5c07b; --hl-label: #a8b4f0;
    }
    @media (prefers-color-scheme: dark) {
      :root:not([data-theme="light"]) {
        --text: #e3e5e8; --muted: #9aa1ab; --bg: #16181b; --panel: #1d2024; --border: #33373d;
        --accent: #7cbcff; --code-bg: #1f2226; --output-bg: #1d1f19; --output-border: #a88a2a; --fail: #ff8a80;
        --mark: #5c4d00;
        --hl-kw: #d59af0; --hl-ty: #5fc4cf; --hl-str: #a5d67f; --hl-num: #e0a86e; --hl-com: #8b929c;
        --hl-attr: #e5c07b; --hl-label: #a8b4f0;
      }
    }
    * { box-sizing: border-box; }
    html { font-size: 17px; -webkit-text-size-adjust: 100%; }
    body { margin: 0; color: var(--text); background: var(--bg); display: flex; min-height: 100vh;
      font-family: "DejaVu Serif", Georgia, "Noto Serif CJK SC", "Noto Sans CJK SC", serif; line-height: 1.6; }
    a { color: var(--accent); }
    .skip { position: absolute; left: -999px; }
    .skip:focus { left: 1rem; top: 1rem; z-index: 10; background: var(--bg); padding: 0.3rem 0.6rem; }

    /* Sidebar */
    .sidebar { width: 17rem; flex: none; background: var(--panel); border-right: 1px solid var(--border);
      padding: 1.2rem 1rem; position: sticky; top: 0; height: 100vh; overflow-y: auto;
      font-family: var(--sans); font-size: 0.85rem; }
    .sidebar-head { display: flex; align-items: flex-start; gap: 0.4rem; margin-bottom: 0.9rem; }
    .sidebar .book-title { flex: 1; font-weight: bold; font-size: 1rem; color: var(--text); text-decoration: none;
      line-height: 1.3; }
    .icon-button { flex: none; font: inherit; font-size: 1rem; line-height: 1; color: var(--text); background: var(--bg);
      border: 1px solid var(--border); border-radius: 6px; padding: 0.3rem 0.45rem; cursor: pointer; }
    .icon-button:hover { border-color: var(--accent); }
    #menu-toggle { display: none; }
    html:not(.js) #theme-toggle { display: none; }
    .sidebar ol, .sidebar ul { list-style: none; padding: 0; margin: 0; }
    .sidebar li { margin: 0.3rem 0; }
    .sidebar a { text-decoration: none; }
    .sidebar a:hover { text-decoration: underline; }
    .sidebar a[aria-current="page"] { font-weight: bold; color: var(--text); }
    .sidebar .sections { margin: 0.3rem 0 0.5rem 1rem; border-left: 2px solid var(--border); padding-left: 0.6rem; }
    .sidebar .sections .level3 { margin-left: 0.8rem; font-size: 0.95em; }
    .sidebar .sections a.active { color: var(--text); font-weight: bold; }
    .sidebar .number { color: var(--muted); }
    .sidebar .extras { margin-top: 1rem; padding-top: 0.6rem; border-top: 1px solid var(--border); }
    .search input { width: 100%; font: inherit; padding: 0.35rem 0.5rem; border: 1px solid var(--border);
      border-radius: 6px; background: var(--bg); color: var(--text); margin-bottom: 0.6rem; }
    .search-results:empty { display: none; }
    .search-results { margin: 0 0 0.8rem; padding: 0.4rem; background: var(--bg); border: 1px solid var(--border);
      border-radius: 6px; max-height: 50vh; overflow-y: auto; }
    .search-results ol { list-style: none; margin: 0; padding: 0; }
    .search-results li, .search-page-results li { margin: 0 0 0.6rem; }
    .search-results .snippet, #search-page-results .snippet { display: block; color: var(--muted); font-size: 0.9em; }
    .search-results .none { color: var(--muted); margin: 0; }
    mark { background: var(--mark); color: inherit; border-radius: 2px; }

    /* Reading */
    main { flex: 1; min-width: 0; padding: 2rem 2.5rem 4rem; }
    article { max-width: var(--measure); margin: 0 auto; overflow-wrap: break-word; }
    h1, h2, h3, h4 { font-family: var(--sans); line-height: 1.25; }
    h1 { font-size: 2rem; margin-top: 0.5rem; }
    h2 { margin-top: 2.2rem; border-bottom: 1px solid var(--border); padding-bottom: 0.2rem; }
    h1, h2, h3, h4, dt, .cell, figure { scroll-margin-top: 1rem; }
    .anchor { opacity: 0; text-decoration: none; color: var(--muted); font-weight: normal; padding-left: 0.2rem; }
    h1:hover .anchor, h2:hover .anchor, h3:hover .anchor, h4:hover .anchor, dt:hover .anchor, .anchor:focus { opacity: 1; }
    @media (hover: none) { .anchor { display: none; } }
    :target { animation: weave-flash 1.6s ease-out; }
    @keyframes weave-flash { from { background: var(--mark); } to { background: transparent; } }
    .lede { color: var(--muted); }
    blockquote { border-left: 4px solid var(--border); margin: 1rem 0; padding: 0 1rem; color: var(--muted); }
    .table-wrap { overflow-x: auto; }
    table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
    th, td { border: 1px solid var(--border); padding: 0.3rem 0.6rem; vertical-align: top; }
    th { background: var(--panel); font-family: var(--sans); font-size: 0.9em; }
    .math.display { display: block; overflow-x: auto; overflow-y: hidden; margin: 1rem 0; text-align: center; }
    a.term { text-decoration: underline dotted; color: inherit; }
    a.term:hover { color: var(--accent); }
    a.figure-ref, a.problem-ref { text-decoration: none; font-weight: 600; }

    /* Code and outputs */
    pre { overflow-x: auto; padding: 0.75rem 1rem; border-radius: 6px; font-size: 0.8rem; line-height: 1.45; margin: 0; }
    code { font-family: var(--mono); font-size: 0.88em; }
    pre code { font-size: 1em; }
    :not(pre) > code { background: var(--code-bg); border: 1px solid var(--border); border-radius: 4px; padding: 0 0.25em; }
    pre.code { background: var(--code-bg); border: 1px solid var(--border); }
    article > pre.code, article > .code-wrap { margin: 1rem 0; }
    .code-wrap { position: relative; }
    .code-wrap .copy { position: absolute; top: 0.35rem; right: 0.35rem; font: 0.72rem var(--sans); color: var(--muted);
      background: var(--bg); border: 1px solid var(--border); border-radius: 5px; padding: 0.15rem 0.45rem; cursor: pointer;
      opacity: 0; transition: opacity 0.15s; }
    .code-wrap:hover .copy, .code-wrap .copy:focus, .code-wrap .copy.done { opacity: 1; }
    @media (hover: none) { .code-wrap .copy { opacity: 0.8; } }
    .hl-kw { color: var(--hl-kw); }
    .hl-ty { color: var(--hl-ty); }
    .hl-str { color: var(--hl-str); }
    .hl-num { color: var(--hl-num); }
    .hl-com { color: var(--hl-com); font-style: italic; }
    .hl-attr, .hl-pp { color: var(--hl-attr); }
    .hl-label { color: var(--hl-label); }
    .cell { margin: 1.4rem 0; }
    .cell-label { margin: 0 0 0.3rem; font-family: var(--sans); font-size: 0.8rem; }
    .cell-label a { font-weight: bold; text-decoration: none; }
    .problem-id { color: var(--muted); font-family: var(--sans); font-size: 0.85em; }
    .cell pre.output { background: var(--output-bg); border: 1px solid var(--border); border-left: 4px solid var(--output-border);
      margin: 0.35rem 0 0; padding-top: 0.45rem; }
    .cell pre.output::before { content: "Output"; display: block; font: bold 0.65rem var(--sans); letter-spacing: 0.06em;
      text-transform: uppercase; color: var(--muted); margin-bottom: 0.2rem; }
    .cell pre.output.expected-failure { border-left-color: var(--fail); }
    .cell pre.output.expected-failure::before { content: "Output (failed, as expected)"; }
    .output-cut { color: var(--muted); font-size: 0.85rem; margin: 0.2rem 0; font-family: var(--sans); }
    details.hidden-code summary { cursor: pointer; color: var(--muted); font-size: 0.85rem; font-family: var(--sans);
      margin-bottom: 0.3rem; }
    figure { margin: 1.2rem 0; text-align: center; }
    figure img { max-width: 100%; height: auto; background: #fff; border-radius: 4px; }
    figcaption { font-size: 0.9rem; color: var(--muted); margin-top: 0.3rem; font-family: var(--sans); }
    figcaption a { font-weight: bold; text-decoration: none; color: var(--text); }

    /* Pager, contents, glossary, report */
    .pager { max-width: var(--measure); margin: 3rem auto 0; display: flex; justify-content: space-between; gap: 1rem;
      font-family: var(--sans); }
    .pager a { display: block; text-decoration: none; border: 1px solid var(--border); border-radius: 6px;
      padding: 0.5rem 0.8rem; max-width: 48%; }
    .pager a:hover { border-color: var(--accent); }
    .pager a span { display: block; font-size: 0.75rem; color: var(--muted); }
    .pager .next { margin-left: auto; text-align: right; }
    .toc li { margin: 0.6rem 0; }
    .toc .sections { margin: 0.1rem 0 0; color: var(--muted); font-size: 0.85rem; font-family: var(--sans); }
    dl.glossary dt { font-family: var(--sans); font-weight: bold; margin-top: 1.2rem; }
    dl.glossary dd { margin: 0.2rem 0 0 1.2rem; }
    dl.glossary .uses { margin: 0.2rem 0; padding-left: 1.1rem; font-size: 0.92rem; }
    dl.glossary .again { font-family: var(--sans); font-size: 0.8em; text-decoration: none; border: 1px solid var(--border);
      border-radius: 4px; padding: 0 0.3em; margin-left: 0.2em; }
    .spellings { margin: 0.2rem 0; color: var(--muted); font-size: 0.92rem; }
    .report td.num, .report th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    .state { font-family: var(--sans); font-size: 0.8rem; padding: 0.05rem 0.4rem; border-radius: 4px; border: 1px solid var(--border); }
    .state-ran { background: #fff0c2; color: #5c4300; }
    .state-cached { background: #dcf2dc; color: #1d4d1d; }
    .state-failed { background: #ffd9d6; color: #7a1712; }
    .report .file { color: var(--muted); font-size: 0.85em; }
    .search-page { display: flex; gap: 0.5rem; margin: 1rem 0; }
    .search-page input { flex: 1; font: inherit; padding: 0.4rem 0.6rem; border: 1px solid var(--border); border-radius: 6px;
      background: var(--bg); color: var(--text); }
    .search-page button { font: inherit; padding: 0.4rem 0.8rem; border: 1px solid var(--border); border-radius: 6px;
      background: var(--panel); color: var(--text); cursor: pointer; }
    #search-page-results ol { padding-left: 1.2rem; }
    #search-page-results li { margin-bottom: 0.9rem; }

    /* Live preview (weave serve) */
    #weave-overlay { position: fixed; left: 1rem; right: 1rem; bottom: 1rem; max-height: 60vh; overflow: auto; z-index: 100;
      background: #2b0d0d; color: #ffd9d6; border: 2px solid #ff6b60; border-radius: 8px; padding: 0.8rem 1rem;
      font: 0.8rem/1.45 var(--mono); white-space: pre-wrap; box-shadow: 0 4px 24px rgba(0,0,0,0.4); }
    #weave-overlay button { float: right; font: inherit; }

    /* Phones and narrow windows: the sidebar becomes a bar with a menu. */
    @media (max-width: 800px) {
      html { font-size: 16px; }
      body { display: block; }
      .sidebar { position: sticky; top: 0; z-index: 20; width: auto; height: auto; max-height: 100vh; border-right: none;
        border-bottom: 1px solid var(--border); padding: 0.6rem 0.9rem; }
      .sidebar-head { margin-bottom: 0; align-items: center; }
      #menu-toggle { display: block; }
      html.js .sidebar-body { display: none; }
      html.js body.nav-open .sidebar-body { display: block; margin-top: 0.8rem; }
      main { padding: 1rem 1rem 3rem; }
      h1 { font-size: 1.6rem; }
      .pager { flex-direction: column; }
      .pager a { max-width: none; }
    }

    @media print {
      .sidebar, .pager, .anchor, .code-wrap .copy, details.hidden-code summary, .skip, .search-results, #weave-overlay { display: none !important; }
      body { display: block; background: #fff; color: #000; font-size: 11pt; }
      main { padding: 0; }
      article { max-width: none; }
      a { color: inherit; }
      pre { white-space: pre-wrap; overflow: visible; border: 1px solid #bbb; }
      pre.code, .cell pre.output { background: #fff; }
      figure, .cell-label, pre.output { break-inside: avoid; }
      .cell-label { break-after: avoid; }
      h1, h2, h3 { break-after: avoid; }
    }

    """
}
