import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pythonOutput } from './pythonOutput';

/** Recorded from the local platform's JobManager after a failed run of app.bad_main (paths shortened). */
const log = readFileSync(
  join(__dirname, '__fixtures__/jobmanager-log-python-failure.txt'),
  'utf8',
);

const at = (s: number) => `2026-11-27 04:00:${String(s).padStart(2, '0')},000`;
const launch = (s: number, folder: string, module = 'job') =>
  `${at(
    s,
  )} INFO  org.apache.flink.client.python.PythonEnvUtils                [] - Starting Python process with environment variables: {A=1, PYTHONPATH=/tmp/pyflink/x/y/${folder}, AWS_SECRET_ACCESS_KEY=env-secret}, command: python -u -m ${module}`;
const driver = (s: number, text: string) =>
  `${at(
    s,
  )} INFO  org.apache.flink.client.python.PythonDriver                  [] - ${text}`;
const STARTED =
  '--------------------------- Python Process Started --------------------------';
const EXITED =
  '--------------------------- Python Process Exited ---------------------------';

/** One run: its launch record, its printed lines between the driver's markers. */
const run = (s: number, folder: string, printed: string[]) => [
  launch(s, folder),
  driver(s, STARTED),
  ...printed.map(p => driver(s, p)),
  driver(s, EXITED),
];

describe('pythonOutput', () => {
  it("finds the submission's run by its staged folder and keeps its traceback, not the environment logged before it", () => {
    const out = pythonOutput(log, 'files-mk0b2-1e1e1e1e');
    expect(out).toBe(
      [
        'Traceback (most recent call last):',
        '  File "<frozen runpy>", line 198, in _run_module_as_main',
        '  File "<frozen runpy>", line 88, in _run_code',
        '  File "/tmp/pyflink/d31025f5/87071d3f/files-mk0b2-1e1e1e1e/app/bad_main.py", line 4, in <module>',
        '    helper()',
        '  File "/tmp/pyflink/d31025f5/87071d3f/files-mk0b2-1e1e1e1e/app/bad_main.py", line 3, in helper',
        '    return {}["missing_key"]',
        '           ~~^^^^^^^^^^^^^^^',
        "KeyError: 'missing_key'",
      ].join('\n'),
    );
    expect(out).not.toMatch(/AWS_SECRET|environment/);
    expect(pythonOutput(log, 'files-mk0a1-0f0f0f0f')).toMatch(
      /ValueError: not this one$/,
    );
  });

  it("returns one submission's output, never another user's run of the same module", () => {
    const twoRuns = [
      ...run(1, 'files-alice-1', [
        'Traceback (most recent call last):',
        'ValueError: alice',
      ]),
      ...run(2, 'files-bob-2', [
        'Traceback (most recent call last):',
        'ValueError: bob',
      ]),
    ].join('\n');
    expect(pythonOutput(twoRuns, 'files-alice-1')).toMatch(/alice$/);
    expect(pythonOutput(twoRuns, 'files-bob-2')).toMatch(/bob$/);
    // Prefixes and folders of no run match nothing.
    expect(pythonOutput(twoRuns, 'files-alice')).toBeUndefined();
    expect(pythonOutput(twoRuns, 'files-carol-3')).toBeUndefined();
  });

  it('returns nothing when another program ran at the same time (its lines would be mixed in)', () => {
    const overlapping = [
      launch(1, 'files-alice-1'),
      driver(1, STARTED),
      driver(1, 'alice line'),
      ...run(2, 'files-bob-2', ['bob line']),
      driver(3, 'alice again'),
      driver(3, EXITED),
    ].join('\n');
    expect(pythonOutput(overlapping, 'files-alice-1')).toBeUndefined();
    // Bob's run started while Alice's was running: its block may hold her lines.
    expect(pythonOutput(overlapping, 'files-bob-2')).toBeUndefined();
  });

  it('is not fooled by a program printing a launch record', () => {
    const forged = [
      ...run(1, 'files-mallory-1', [
        launch(1, 'files-victim-2').replace(/^.* - /, ''),
        'forged',
      ]),
    ].join('\n');
    expect(pythonOutput(forged, 'files-victim-2')).toBeUndefined();
  });

  it('keeps the last lines of a run without a traceback, at most 20', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const out = pythonOutput(
      run(1, 'files-a', [...lines, 'usage: job --out DIR']).join('\n'),
      'files-a',
    );
    expect(out?.split('\n')).toHaveLength(20);
    expect(out).toMatch(/^line 11\n[\s\S]*usage: job --out DIR$/);
    expect(
      pythonOutput(run(1, 'files-a', []).join('\n'), 'files-a'),
    ).toBeUndefined();
  });
});
