/** A JUnit test case: passed, or failed with a message and details. */
export interface JunitCase {
  classname: string;
  name: string;
  failure?: { message: string; details: string };
}

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JUnit XML as CI systems read it: one suite per group, one case per check. */
export function junitXml(title: string, suites: Array<{ name: string; cases: JunitCase[] }>): string {
  const failed = (cases: JunitCase[]) => cases.filter((c) => c.failure).length;
  const all = suites.flatMap((s) => s.cases);
  const body = suites.map((suite) => {
    const cases = suite.cases.map((c) => {
      const failure = c.failure ? `<failure message="${xml(c.failure.message)}">${xml(c.failure.details)}</failure>` : '';
      return `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}">${failure}</testcase>`;
    });
    return `  <testsuite name="${xml(suite.name)}" tests="${suite.cases.length}" failures="${failed(suite.cases)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(title)}" tests="${all.length}" failures="${failed(all)}">\n${body.join('\n')}\n</testsuites>\n`;
}
