/** The console's markup: controls named for a test (and a screen reader) to find by role and label. */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>regionmock console</title>
  <link rel="icon" href="data:,">
  <style>
    body { margin: 0; font: 14px/1.4 system-ui, sans-serif; color: #1b1b1b; }
    header { display: flex; gap: 16px; align-items: center; padding: 10px 20px; background: #1b1b1b; color: #fff; }
    header h1 { font-size: 16px; margin: 0 16px 0 0; }
    main { display: grid; grid-template-columns: 3fr 2fr; gap: 16px; padding: 16px 20px; }
    section { border: 1px solid #ddd; border-radius: 6px; padding: 10px 12px; overflow: auto; }
    h2 { font-size: 15px; margin: 0 0 8px; }
    table { border-collapse: collapse; width: 100%; font-size: 13px; }
    th, td { border-bottom: 1px solid #eee; padding: 3px 6px; text-align: left; white-space: nowrap; }
    tbody tr[data-id] { cursor: pointer; }
    td.path { max-width: 300px; overflow: hidden; text-overflow: ellipsis; direction: rtl; text-align: left; }
    tbody tr[aria-selected="true"] { background: #eef6ff; }
    .seen { background: #d9f2d9; } .unseen { background: #fbe3e3; } .na { background: #fafafa; }
    header form { margin: 0; }
    [hidden] { display: none !important; }
    .s2 { color: #137333; } .s4 { color: #b06000; } .s5 { color: #c5221f; }
    pre { background: #f6f6f6; padding: 8px; max-height: 280px; overflow: auto; font-size: 12px; }
    form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; margin-bottom: 8px; }
    .field { display: inline-flex; flex-direction: column; font-size: 12px; }
    #journal-section { grid-row: span 4; }
    td.wrap { white-space: normal; min-width: 220px; }
  </style>
</head>
<body>
  <header>
    <h1>regionmock console</h1>
    <span class="field"><label for="session">Session</label><input id="session" value="default" size="16"></span>
    <button id="reset" type="button">Reset session</button>
    <form id="token-form" hidden>
      <span class="field"><label for="admin-token">Admin token</label><input id="admin-token" type="password" autocomplete="off" size="20"></span>
      <button type="submit">Use token</button>
    </form>
    <span id="status" role="status"></span>
  </header>
  <main>
    <section id="journal-section" aria-labelledby="journal-title">
      <h2 id="journal-title">Journal (newest first)</h2>
      <form id="filters">
        <span class="field"><label for="filter-api">Filter by API</label><select id="filter-api"><option value="">all</option></select></span>
        <span class="field"><label for="filter-operation">Filter by operation</label><input id="filter-operation" size="18"></span>
        <span class="field"><label for="filter-status">Filter by status</label><input id="filter-status" size="4"></span>
      </form>
      <table aria-label="Journal">
        <thead><tr><th>Time</th><th>Method</th><th>Path</th><th>Operation</th><th>Status</th><th>How</th><th>ms</th></tr></thead>
        <tbody id="journal"></tbody>
      </table>
      <h2>Selected call</h2>
      <pre id="detail" aria-label="Selected call">Select a call to see its request and answer.</pre>
    </section>
    <section aria-labelledby="scenarios-title">
      <h2 id="scenarios-title">Scenarios</h2>
      <table aria-label="Scenarios">
        <thead><tr><th>Name</th><th>Description</th><th>Source</th><th></th></tr></thead>
        <tbody id="scenarios"></tbody>
      </table>
      <form id="scenario-file-form">
        <span class="field"><label for="scenario-file">Scenario file (JSON)</label><input id="scenario-file" type="file" accept=".json,application/json"></span>
        <button type="submit">Apply file</button>
        <button id="save-scenario" type="button">Save as scenario</button>
      </form>
      <p id="scenario-result" role="status" aria-label="Scenario result"></p>
    </section>
    <section aria-labelledby="faults-title">
      <h2 id="faults-title">Force an outcome</h2>
      <form id="fault-form">
        <span class="field"><label for="fault-operation">Operation</label><select id="fault-operation"></select></span>
        <span class="field"><label for="fault-outcome">Outcome</label><select id="fault-outcome"></select></span>
        <span class="field"><label for="fault-times">Times</label><input id="fault-times" type="number" min="1" value="1" size="4"></span>
        <span class="field"><label for="fault-after">After</label><input id="fault-after" type="number" min="0" value="0" size="4"></span>
        <span class="field"><label for="fault-latency">Latency in ms</label><input id="fault-latency" type="number" min="0" size="6"></span>
        <button type="submit">Add fault</button>
      </form>
      <table aria-label="Faults">
        <thead><tr><th>Operation</th><th>Outcome</th><th>Uses left</th><th></th></tr></thead>
        <tbody id="faults"></tbody>
      </table>
    </section>
    <section aria-labelledby="coverage-title">
      <h2 id="coverage-title">Coverage</h2>
      <p id="coverage-summary"></p>
      <table aria-label="Coverage"><thead id="coverage-head"></thead><tbody id="coverage"></tbody></table>
    </section>
    <section aria-labelledby="state-title">
      <h2 id="state-title">State</h2>
      <div id="state"></div>
    </section>
  </main>
  <script src="console.js"></script>
</body>
</html>
`;
