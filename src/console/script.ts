import { SCENARIOS_SCRIPT } from './scenarios-script';

/**
 * The console's script, plain browser JavaScript served as /__console/console.js (the page's
 * Content-Security-Policy allows no inline script). Everything it shows is set as text, never
 * as markup: a journal entry is whatever a caller sent.
 */
export const CONSOLE_SCRIPT = String.raw`'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  // The mock may sit behind a path prefix: its admin API is beside the console.
  var base = location.pathname.replace(/__console\/?.*$/, '');
  var token = sessionStorage.getItem('regionmock-admin-token') || '';
  var lastId = 0, lastTime = null, rows = [], operations = [], selected = null;

  function session() { return $('session').value.trim() || 'default'; }
  function say(text) { $('status').textContent = text; }

  async function admin(path, init) {
    init = init || {};
    // A refused call waits for a token from the page and is sent again with it: the user's answer paces the loop.
    for (;;) {
      var headers = { 'X-Mock-Session': session() };
      if (init.body) headers['Content-Type'] = 'application/json';
      if (token) headers['X-Admin-Token'] = token;
      var res = await fetch(base + '__admin' + path, { method: init.method || 'GET', headers: headers, body: init.body });
      if (res.status !== 401) return res;
      await askToken();
    }
  }
  // Asked on the page, in a password field (remembered for the tab, never in the URL): calls
  // refused together wait for the one answer; a token the mock refuses is asked for again.
  var asking = null;
  function askToken() {
    if (!asking) {
      asking = new Promise(function (resolve) {
        var form = $('token-form');
        form.hidden = false;
        say(token ? 'The admin token was refused: enter it again' : 'This mock asks for its admin token (X-Admin-Token)');
        $('admin-token').focus();
        form.onsubmit = function (event) {
          event.preventDefault();
          token = $('admin-token').value;
          $('admin-token').value = '';
          sessionStorage.setItem('regionmock-admin-token', token);
          form.hidden = true;
          asking = null;
          say('');
          resolve();
        };
      });
    }
    return asking;
  }
  async function json(path, init) {
    var res = await admin(path, init);
    var body = await res.json();
    if (!res.ok) throw new Error(body.message || ('HTTP ' + res.status));
    return body;
  }
  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text === null || text === undefined ? '' : String(text);
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }
  function show(entry) {
    var f = { api: $('filter-api').value, op: $('filter-operation').value.trim(), status: $('filter-status').value.trim() };
    return (!f.api || entry.api === f.api) && (!f.op || String(entry.operationId).indexOf(f.op) >= 0) && (!f.status || String(entry.status) === f.status);
  }
  function renderJournal() {
    var body = $('journal');
    body.textContent = '';
    rows.filter(show).forEach(function (e) {
      var tr = document.createElement('tr');
      tr.dataset.id = e.id;
      tr.setAttribute('aria-selected', String(selected === e.id));
      cell(tr, e.time.slice(11, 23));
      cell(tr, e.method);
      // Right-aligned overflow keeps a long path's end (the operation) in view; the text itself stays left to right.
      var path = cell(tr, '', 'path');
      path.title = e.path;
      path.appendChild(document.createElement('bdi')).textContent = e.path;
      cell(tr, e.operationId || '');
      cell(tr, e.status === null ? (e.networkFault || 'no answer') : e.status, e.status ? 's' + String(e.status)[0] : 's5');
      cell(tr, e.networkFault ? 'fault' : (e.forced || 'natural'));
      cell(tr, Math.round(e.durationMs));
      tr.addEventListener('click', function () {
        selected = e.id;
        $('detail').textContent = JSON.stringify({ request: { method: e.method, path: e.path, query: e.query, headers: e.requestHeaders, body: e.body }, answer: { status: e.status, body: e.responseBody }, violations: e.violations }, null, 2);
        renderJournal();
      });
      body.appendChild(tr);
    });
  }
  function forgetJournal() { rows = []; lastId = 0; lastTime = null; renderJournal(); }
  async function pollJournal() {
    // A reset restarts the journal's ids: when the last entry shown is no longer the one
    // under its id, the journal started over (or dropped it), and is read again from its start.
    if (lastId > 0) {
      var check = (await json('/requests?limit=1&cursor=' + (lastId - 1))).requests[0];
      if (!check || check.id !== lastId || check.time !== lastTime) forgetJournal();
    }
    var page = await json('/requests?limit=1000&cursor=' + lastId);
    if (page.requests.length === 0) return false;
    lastId = page.requests[page.requests.length - 1].id;
    lastTime = page.requests[page.requests.length - 1].time;
    rows = page.requests.slice().reverse().concat(rows).slice(0, 500);
    renderJournal();
    return true;
  }
  // One column per status any operation documents, so that a status lines up down the grid.
  function renderCoverage(report) {
    var statuses = [];
    report.operations.forEach(function (op) {
      op.statuses.forEach(function (s) { if (s.documented && statuses.indexOf(s.status) < 0) statuses.push(s.status); });
    });
    statuses.sort(function (a, b) { return a - b; });
    var head = $('coverage-head');
    head.textContent = '';
    var top = document.createElement('tr');
    ['Operation'].concat(statuses).forEach(function (name) {
      var th = document.createElement('th');
      th.scope = 'col';
      th.textContent = String(name);
      top.appendChild(th);
    });
    head.appendChild(top);
    var body = $('coverage');
    body.textContent = '';
    report.operations.forEach(function (op) {
      var tr = document.createElement('tr');
      var name = document.createElement('th');
      name.scope = 'row';
      name.textContent = op.api + ' ' + op.operationId;
      tr.appendChild(name);
      statuses.forEach(function (status) {
        var s = op.statuses.filter(function (x) { return x.documented && x.status === status; })[0];
        if (!s) return cell(tr, '', 'na');
        var td = cell(tr, s.status + (s.count ? ' ×' + s.count : ''), s.count ? 'seen' : 'unseen');
        td.title = s.count ? 'seen: ' + JSON.stringify(s.via) : 'never seen';
      });
      body.appendChild(tr);
    });
    $('coverage-summary').textContent = report.summary.seen + ' of ' + report.summary.documented + ' documented outcomes seen (' + report.summary.percent + ' %)';
  }
  function fillOperations(report) {
    if (operations.length) return;
    operations = report.operations;
    var apis = [];
    operations.forEach(function (op, i) {
      var option = new Option(op.api + ' ' + op.operationId, String(i));
      $('fault-operation').appendChild(option);
      if (apis.indexOf(op.api) < 0) { apis.push(op.api); $('filter-api').appendChild(new Option(op.api, op.api)); }
    });
    fillOutcomes();
  }
  function fillOutcomes() {
    var op = operations[Number($('fault-operation').value)];
    var outcome = $('fault-outcome');
    outcome.textContent = '';
    if (!op) return;
    op.statuses.filter(function (s) { return s.documented; }).forEach(function (s) { outcome.appendChild(new Option(String(s.status), String(s.status))); });
    ['CONNECTION_RESET', 'EMPTY_RESPONSE', 'TIMEOUT'].forEach(function (n) { outcome.appendChild(new Option(n, n)); });
  }
  async function refreshFaults() {
    var page = await json('/faults?limit=1000');
    var body = $('faults');
    body.textContent = '';
    page.faults.forEach(function (f) {
      var tr = document.createElement('tr');
      cell(tr, (f.api || 'any') + ' ' + (f.operationId || 'any'));
      cell(tr, f.status || f.network);
      cell(tr, f.times === undefined ? 'no limit' : Math.max(0, f.times - f.fired));
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Remove';
      button.setAttribute('aria-label', 'Remove fault ' + f.id);
      button.addEventListener('click', function () { admin('/faults/' + encodeURIComponent(f.id), { method: 'DELETE' }).then(refreshAll); });
      tr.appendChild(document.createElement('td')).appendChild(button);
      body.appendChild(tr);
    });
  }
  async function refreshState() {
    var state = await json('/state');
    var holder = $('state');
    holder.textContent = '';
    Object.keys(state).forEach(function (api) {
      Object.keys(state[api]).forEach(function (collection) {
        var records = state[api][collection];
        var h = document.createElement('h3');
        h.textContent = api + ' ' + collection + ' (' + records.length + ')';
        holder.appendChild(h);
        var columns = Object.keys(records[0] || {}).slice(0, 6);
        var table = document.createElement('table');
        table.setAttribute('aria-label', api + ' ' + collection);
        var head = table.createTHead().insertRow();
        columns.forEach(function (c) { head.appendChild(document.createElement('th')).textContent = c; });
        var tbody = table.createTBody();
        records.forEach(function (r) {
          var tr = tbody.insertRow();
          columns.forEach(function (c) { cell(tr, typeof r[c] === 'object' && r[c] !== null ? JSON.stringify(r[c]) : r[c]); });
        });
        holder.appendChild(table);
      });
    });
  }
  async function refreshAll() {
    var report = await json('/coverage');
    fillOperations(report);
    renderCoverage(report);
    await refreshFaults();
    await refreshState();
  }
  async function tick() {
    try {
      if (await pollJournal()) await refreshAll();
      say('');
    } catch (err) {
      say('Cannot reach the admin API: ' + err.message);
    }
    setTimeout(tick, 400);
  }
  $('fault-operation').addEventListener('change', fillOutcomes);
  $('filters').addEventListener('input', renderJournal);
  $('filters').addEventListener('submit', function (e) { e.preventDefault(); });
  $('session').addEventListener('change', function () { forgetJournal(); refreshAll(); });
  $('reset').addEventListener('click', async function () {
    await json('/reset', { method: 'POST' });
    forgetJournal();
    say('Session ' + session() + ' reset');
    await refreshAll();
  });
  $('fault-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    var op = operations[Number($('fault-operation').value)];
    var outcome = $('fault-outcome').value;
    var fault = { api: op.api, operationId: op.operationId, times: Number($('fault-times').value) || 1 };
    if (/^\d+$/.test(outcome)) fault.status = Number(outcome);
    else { fault.network = outcome; if (outcome === 'TIMEOUT') fault.timeoutMs = 5000; }
    var after = Number($('fault-after').value);
    if (after > 0) fault.after = after;
    var latency = Number($('fault-latency').value);
    if (latency > 0) fault.delayMs = { min: latency, max: latency };
    try {
      await json('/faults', { method: 'POST', body: JSON.stringify(fault) });
      say('Fault added');
    } catch (err) {
      say('Not added: ' + err.message);
    }
    await refreshFaults();
  });
${SCENARIOS_SCRIPT}
  refreshAll().catch(function (err) { say('Cannot reach the admin API: ' + err.message); });
  tick();
})();
`;
