#!/usr/bin/env node
// Sums up the JSON results of jest and Playwright (and pytest's JUnit XML) in one closing line.
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
const rows = [];
for (const file of fs.readdirSync(dir).sort()) {
  const full = path.join(dir, file);
  let p = 0, f = 0, s = 0;
  if (file.endsWith('.json')) {
    const r = JSON.parse(fs.readFileSync(full, 'utf8'));
    if (r.stats && 'expected' in r.stats) { // Playwright
      p = r.stats.expected + (r.stats.flaky ?? 0);
      f = r.stats.unexpected;
      s = r.stats.skipped;
    } else if ('numTotalTests' in r) { // jest
      p = r.numPassedTests;
      f = r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
      s = r.numPendingTests + (r.numTodoTests ?? 0);
    } else continue;
  } else if (file.endsWith('.xml')) { // pytest --junitxml
    const x = fs.readFileSync(full, 'utf8');
    const attr = name => [...x.matchAll(new RegExp(`<testsuite [^>]*\\b${name}="(\\d+)"`, 'g'))]
      .reduce((a, m) => a + Number(m[1]), 0);
    s = attr('skipped');
    f = attr('failures') + attr('errors');
    p = attr('tests') - f - s;
  } else continue;
  rows.push(`  ${file.padEnd(32)} ${p} passed, ${f} failed, ${s} skipped`);
  passed += p; failed += f; skipped += s;
}
console.log('\nTest results:');
console.log(rows.join('\n'));
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
