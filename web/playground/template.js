// The markup of <metrex-playground>'s shadow root. A constant: user text never goes
// through it (the view sets text with textContent only). Each block carries
// `data-pane`, which the `panes`/`compact` attributes show or hide. No inline style
// or script, so it lives under a host's strict Content-Security-Policy.

export const TEMPLATE = `
<div class="app" part="app">
<button type="button" class="skip" data-skip>Skip to results</button>
<header class="top" part="header" data-pane="toolbar">
  <div class="brand">
    <span class="logo" aria-hidden="true">(<b>m</b>)</span>
    <div>
      <h1>metrex</h1>
      <p class="tagline">SageMaker metric definitions, checked against your log — in the browser, nothing sent anywhere.</p>
    </div>
  </div>
  <nav class="actions" aria-label="Page actions">
    <label class="select-wrap">
      <span class="sr-only">Load an example</span>
      <select id="example" title="Load an example">
        <option value="">Examples…</option>
      </select>
    </label>
    <button type="button" id="share" class="btn">Copy link</button>
    <button type="button" id="export" class="btn">Export</button>
    <button type="button" id="embed" class="btn">Embed</button>
    <button type="button" id="theme" class="btn icon" aria-label="Colour theme: automatic" title="Colour theme">
      <span aria-hidden="true" id="theme-icon">◐</span>
    </button>
  </nav>
</header>

<main class="layout" id="layout">
  <section class="pane inputs" aria-label="Inputs">
    <div class="panel" part="panel definitions" data-pane="definitions">
      <div class="panel-head">
        <label for="definitions" class="panel-title">Metric definitions</label>
        <span class="badge" id="format" aria-live="polite"></span>
      </div>
      <p class="hint" id="definitions-hint">A JSON list of <code>{"Name", "Regex"}</code>, an AWS request or response (CreateTrainingJob, DescribeHyperParameterTuningJob…), or Python SDK code with <code>metric_definitions=[…]</code>.</p>
      <textarea id="definitions" class="code" rows="9" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" aria-describedby="definitions-hint input-errors"></textarea>
      <ul class="input-errors" id="input-errors" aria-live="polite"></ul>
    </div>

    <fieldset class="panel options" part="panel options" data-pane="options">
      <legend class="sr-only">Options</legend>
      <label class="switch" title="SageMaker sees control characters as CloudWatch writes them: a TAB is #011">
        <input type="checkbox" id="opt-escape" checked>
        <span>CloudWatch escaping <small>(TAB → <code>#011</code>)</small></span>
      </label>
      <label class="switch" title="Also show the matches after the first one in a line, which SageMaker ignores">
        <input type="checkbox" id="opt-all">
        <span>Show ignored matches</span>
      </label>
      <div class="objective-pick">
        <label for="objective">Objective</label>
        <select id="objective">
          <option value="">From the input / none</option>
        </select>
        <label class="sr-only" for="direction">Objective type</label>
        <select id="direction">
          <option value="Minimize">Minimize</option>
          <option value="Maximize">Maximize</option>
        </select>
      </div>
    </fieldset>

    <div class="panel log-panel" part="panel log" data-pane="log">
      <div class="panel-head">
        <label for="log" class="panel-title">Training log</label>
        <span class="muted" id="log-stats"></span>
        <label class="btn small file-btn" data-editable>
          Open file…
          <input type="file" id="log-file" class="sr-only" accept=".log,.txt,text/plain,*/*">
        </label>
      </div>
      <div class="log-editor" id="log-editor">
        <div class="backdrop" id="backdrop" aria-hidden="true"><div class="backdrop-inner" id="backdrop-inner"></div></div>
        <textarea id="log" class="code" spellcheck="false" autocomplete="off" autocapitalize="off" wrap="off" aria-describedby="log-info"></textarea>
        <div class="log-viewer" id="log-viewer" aria-label="Training log (read-only)" role="group" hidden></div>
      </div>
      <div class="log-note" id="log-note" role="status" hidden></div>
      <div class="progress" id="progress" role="group" aria-label="Reading the log" hidden>
        <progress id="progress-bar" max="1" value="0"></progress>
        <span class="muted" id="progress-text" aria-live="polite"></span>
        <button type="button" class="btn small" id="progress-cancel">Cancel</button>
      </div>
      <p class="log-info muted" id="log-info" aria-live="polite">Hover or move the cursor over a highlight to see which metric captured it.</p>
      <div class="legend" id="legend" aria-label="Highlight colours"></div>
    </div>
  </section>

  <section class="pane results" id="results" aria-label="Results" tabindex="-1">
    <div class="status" id="status" role="status" aria-live="polite" data-pane="status">Loading the engine…</div>
    <div class="banner" id="banner" hidden></div>
    <ul class="doc-warnings" id="doc-warnings"></ul>
    <div class="objective-box" id="objective-box" part="objective" hidden data-pane="objective"></div>
    <figure class="panel chart-panel" id="chart-panel" part="panel chart" hidden data-pane="chart">
      <figcaption class="panel-head"><span class="panel-title">Values over the log</span><span class="muted" id="chart-note"></span></figcaption>
      <div class="chart" id="chart"></div>
    </figure>
    <section class="panel inspector" id="inspector" part="panel inspector" data-pane="inspect" aria-labelledby="inspector-title">
      <div class="panel-head">
        <h2 class="panel-title" id="inspector-title">Line inspector</h2>
        <label class="inspect-pick" for="inspect-line">Line</label>
        <input type="number" id="inspect-line" class="inspect-line" min="1" step="1" inputmode="numeric" placeholder="–" aria-describedby="inspector-hint">
      </div>
      <p class="hint" id="inspector-hint">Click a log line: every group on it, or why it does not match.</p>
      <div class="inspect-body" id="inspect-body"></div>
    </section>
    <details class="panel lessons" id="lessons" part="panel lessons" data-pane="lessons">
      <summary>Lessons: capture groups</summary>
      <div id="lessons-body"></div>
    </details>
    <div class="cards" id="cards" part="cards" data-pane="cards"></div>
    <details class="panel quickref" id="quickref" data-pane="about">
      <summary>Regex quick reference</summary>
      <div id="quickref-body"></div>
    </details>
    <details class="panel about" id="about" data-pane="about">
      <summary>About these rules</summary>
      <p>SageMaker's log parser is not public. metrex follows what AWS documents and what can be inferred from AWS's own regexes and user reports; the inferred rules are ours, not AWS's.</p>
      <ul>
        <li><b class="tag doc">documented</b> The value is taken from a capture group and must be a number; text that is not a number is dropped.</li>
        <li><b class="tag doc">documented</b> The value a job reports, and the value a tuning job ranks it by, is the <em>latest</em> one; <code>DescribeTrainingJob</code> shows it as a 32-bit float.</li>
        <li><b class="tag doc">documented</b> Limits: name 1–255 characters, regex 1–500, at most 40 definitions; the objective must be one of them. CloudWatch rejects non-finite values and |v| &gt; 2<sup>360</sup>.</li>
        <li><b class="tag inf">inferred</b> The log is searched line by line (split on LF, one CR before it dropped); a match never spans lines.</li>
        <li><b class="tag inf">inferred</b> Control characters are seen as CloudWatch writes them: <code>#</code> and three octal digits — a TAB is <code>#011</code>. That is why AWS's XGBoost regexes read <code>#011validation-error:(\\S+)</code>.</li>
        <li><b class="tag inf">inferred</b> Only the leftmost match in a line counts, and only capture group 1.</li>
        <li><b class="tag inf">inferred</b> The number grammar: <code>[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?</code> after trimming spaces; <code>nan</code>, <code>inf</code> and <code>1,234</code> are dropped.</li>
        <li><b class="tag inf">inferred</b> The regex dialect is not documented (AWS's examples are written for Python's <code>re</code>). metrex uses Rust's <code>regex</code>: no look-around or back-references, <code>\\Z</code> is written <code>\\z</code>.</li>
      </ul>
      <p>Everything runs in this page: the engine is WebAssembly, your text is kept in this browser's storage, and a shared link carries it in the URL fragment, which browsers never send to a server.</p>
    </details>
  </section>
</main>
<footer class="footer" data-pane="footer">
  <span>metrex · SageMaker metric regexes, checked in your browser; nothing is sent anywhere.</span>
  <a id="open-full" target="_blank" rel="noopener noreferrer" href="#">Open in the playground ↗</a>
</footer>
</div>

<dialog id="dialog" class="dialog" aria-labelledby="dialog-title">
  <div class="dialog-body">
    <div class="dialog-head">
      <h2 id="dialog-title"></h2>
      <button type="button" class="btn icon" id="dialog-close" aria-label="Close">✕</button>
    </div>
    <div class="tabs" id="dialog-tabs" role="tablist" hidden></div>
    <p class="muted" id="dialog-note"></p>
    <label class="sr-only" for="dialog-text">Text to copy</label>
    <textarea id="dialog-text" class="code" readonly rows="10" spellcheck="false" wrap="off"></textarea>
    <div class="dialog-foot">
      <a class="btn" id="dialog-download" hidden></a>
      <span class="muted" id="dialog-status" aria-live="polite"></span>
      <button type="button" class="btn primary" id="dialog-copy">Copy</button>
    </div>
  </div>
</dialog>

<div class="toast" id="toast" role="status" aria-live="polite" hidden></div>
<div class="tip" id="tip" role="tooltip" hidden></div>
`;

/** Every pane, in the order of the page. */
export const ALL_PANES = ['toolbar', 'definitions', 'options', 'log', 'status', 'objective', 'chart', 'inspect', 'lessons', 'cards', 'about', 'footer'];
/** `panes="all"`: the full page (no footer: it links to the full page). */
export const PAGE_PANES = ALL_PANES.filter((p) => p !== 'footer');
/** What an embedded element shows unless told otherwise. */
export const DEFAULT_PANES = ['definitions', 'options', 'log', 'status', 'objective', 'chart', 'cards', 'footer'];
/** `compact`: the cards and the highlighted log, for a narrow column. */
export const COMPACT_PANES = ['log', 'cards', 'footer'];
