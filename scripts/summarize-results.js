#!/usr/bin/env node
// Sums up the JSON results of jest and Playwright (and pytest's JUnit XML) in one closing line.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0,
  failed = 0,
  skipped = 0;
const rows = [];
/** Failed tests by name with the first lines of their error, so that a log's tail says what failed. */
const failures = [];
const firstLines = text =>
  String(text ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)
    .slice(0, 4)
    .join(' | ')
    .slice(0, 600);
const unescapeXml = t =>
  t
    .replace(/&#10;/g, '\n')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const playwrightFailures = (suites, file) => {
  for (const suite of suites ?? []) {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status !== 'unexpected') continue;
        const err = t.results?.at(-1)?.error?.message;
        failures.push(
          `${file}: ${spec.file} › ${spec.title}\n      ${firstLines(err)}`,
        );
      }
    }
    playwrightFailures(suite.suites, file);
  }
};
for (const file of fs.readdirSync(dir).sort()) {
  const full = path.join(dir, file);
  let p = 0,
    f = 0,
    s = 0;
  if (file.endsWith('.json')) {
    const r = JSON.parse(fs.readFileSync(full, 'utf8'));
    if (r.stats && 'expected' in r.stats) {
      // Playwright
      p = r.stats.expected + (r.stats.flaky ?? 0);
      f = r.stats.unexpected;
      s = r.stats.skipped;
      playwrightFailures(r.suites, file);
    } else if ('numTotalTests' in r) {
      // jest
      p = r.numPassedTests;
      f = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
      s = r.numPendingTests + (r.numTodoTests ?? 0);
      for (const suite of r.testResults ?? []) {
        const where = path.relative(process.cwd(), suite.name ?? '');
        const failedTests = (suite.assertionResults ?? []).filter(
          a => a.status === 'failed',
        );
        for (const a of failedTests)
          failures.push(
            `${file}: ${where} › ${a.fullName}\n      ${firstLines(
              a.failureMessages?.join('\n'),
            )}`,
          );
        if (!failedTests.length && suite.status === 'failed')
          failures.push(
            `${file}: ${where} (suite failed to run)\n      ${firstLines(
              suite.message,
            )}`,
          );
      }
    } else continue;
  } else if (file.endsWith('.xml')) {
    // pytest --junitxml
    const x = fs.readFileSync(full, 'utf8');
    const attr = name =>
      [
        ...x.matchAll(new RegExp(`<testsuite [^>]*\\b${name}="(\\d+)"`, 'g')),
      ].reduce((a, m) => a + Number(m[1]), 0);
    s = attr('skipped');
    f = attr('failures') + attr('errors');
    p = attr('tests') - f - s;
    for (const m of x.matchAll(
      /<testcase [^>]*classname="([^"]*)"[^>]*name="([^"]*)"[^>]*>\s*<(failure|error) [^>]*message="([^"]*)"/g,
    ))
      failures.push(
        `${file}: ${m[1]} › ${m[2]}\n      ${firstLines(unescapeXml(m[4]))}`,
      );
  } else continue;
  rows.push(`  ${file.padEnd(32)} ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
console.log('\nTest results:');
console.log(rows.join('\n'));
if (failures.length)
  console.log(`\nFailed:\n${failures.map(f => `  ${f}`).join('\n')}`);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
