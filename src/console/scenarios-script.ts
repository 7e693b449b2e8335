/**
 * The Scenarios panel's part of the console script, set into it (CONSOLE_SCRIPT) so that it
 * shares the page's admin calls (session header, admin token) and refreshes. A scenario file
 * the user picks is sent as JSON only: the admin API takes JSON bodies and the page carries no
 * YAML parser (no library, nothing from elsewhere); a YAML scenario belongs in --scenarios,
 * where the list shows it.
 */
export const SCENARIOS_SCRIPT = String.raw`
  function tellScenario(text) { $('scenario-result').textContent = text; }

  async function refreshScenarios() {
    var list = (await json('/scenarios')).scenarios;
    var body = $('scenarios');
    body.textContent = '';
    list.forEach(function (s) {
      var tr = document.createElement('tr');
      cell(tr, s.name);
      cell(tr, s.problem ? 'Not applicable: ' + s.problem : s.description, 'wrap');
      cell(tr, s.source);
      var td = tr.appendChild(document.createElement('td'));
      if (!s.problem) {
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Apply';
        button.setAttribute('aria-label', 'Apply ' + s.name);
        button.addEventListener('click', function () {
          applyScenario(s.name, '/scenarios/' + encodeURIComponent(s.name) + '/apply', undefined);
        });
        td.appendChild(button);
      }
      body.appendChild(tr);
    });
  }

  // Applying resets the session and gives it the scenario: the journal starts over and every
  // view is read again before the answer is shown, so what the panel says matches the page.
  async function applyScenario(label, path, text) {
    tellScenario('Applying ' + label + ' to session ' + session() + '...');
    var message, applied;
    try {
      var res = await admin(path, { method: 'POST', body: text });
      var answer = await res.json();
      applied = res.ok;
      message = applied ? 'Scenario ' + answer.scenario + ' applied to session ' + answer.session : 'Not applied (' + label + '): ' + (answer.message || 'HTTP ' + res.status);
    } catch (err) {
      return tellScenario('Not applied (' + label + '): ' + err.message);
    }
    if (applied) forgetJournal();
    await refreshAll().catch(function (err) { say('Cannot reach the admin API: ' + err.message); });
    await refreshScenarios().catch(function () { /* the list stays as it was */ });
    tellScenario(message);
  }

  $('scenario-file-form').addEventListener('submit', async function (event) {
    event.preventDefault();
    var file = $('scenario-file').files[0];
    if (!file) return tellScenario('Pick a scenario file (JSON) first');
    var text = await file.text();
    try {
      JSON.parse(text);
    } catch (err) {
      return tellScenario(file.name + ' is not JSON: the page sends JSON scenario files (as "Save as scenario" writes them); put a YAML one in the --scenarios folder and apply it from the list');
    }
    await applyScenario(file.name, '/scenarios/apply', text);
  });

  // Fetched with the page's headers (session, admin token), then handed to the browser as a file: a plain link would send neither.
  $('save-scenario').addEventListener('click', async function () {
    var target = session();
    try {
      var snapshot = await json('/snapshot');
      var link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([JSON.stringify(snapshot, null, 2) + '\n'], { type: 'application/json' }));
      link.download = target.replace(/[^A-Za-z0-9._-]/g, '-') + '-snapshot.json';
      document.body.appendChild(link);
      link.click();
      link.remove();
      // The browser reads the Blob after the click returns: let it go later, not at once.
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 60000);
      tellScenario('Session ' + target + ' saved as ' + link.download);
    } catch (err) {
      tellScenario('Not saved: ' + err.message);
    }
  });
  refreshScenarios().catch(function (err) { tellScenario('Cannot list the scenarios: ' + err.message); });
`;
