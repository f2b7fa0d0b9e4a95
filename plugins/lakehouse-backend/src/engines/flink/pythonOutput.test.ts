import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pythonOutput } from './pythonOutput';

/** Recorded from the local platform's JobManager after a failed run of app.bad_main (paths shortened). */
const log = readFileSync(
  join(__dirname, '__fixtures__/jobmanager-log-python-failure.txt'),
  'utf8',
);

describe('pythonOutput', () => {
  it('finds the last run of the module and keeps its traceback, not the environment logged before it', () => {
    const out = pythonOutput(log, 'app.bad_main');
    expect(out).toBe(
      [
        'Traceback (most recent call last):',
        '  File "<frozen runpy>", line 198, in _run_module_as_main',
        '  File "<frozen runpy>", line 88, in _run_code',
        '  File "/tmp/pyflink/d31025f5/87071d3f/files/app/bad_main.py", line 4, in <module>',
        '    helper()',
        '  File "/tmp/pyflink/d31025f5/87071d3f/files/app/bad_main.py", line 3, in helper',
        '    return {}["missing_key"]',
        '           ~~^^^^^^^^^^^^^^^',
        "KeyError: 'missing_key'",
      ].join('\n'),
    );
    expect(out).not.toMatch(/AWS_SECRET|environment/);
  });

  it('tells modules apart, including by prefix', () => {
    expect(pythonOutput(log, 'app.other_main')).toMatch(
      /ValueError: not this one$/,
    );
    expect(pythonOutput(log, 'app.bad')).toBeUndefined();
    expect(pythonOutput(log, 'app.missing')).toBeUndefined();
  });

  it('keeps the last lines of a run without a traceback, at most 20', () => {
    const run = (printed: string[]) =>
      [
        '2026-11-27 04:00:00,000 INFO  org.apache.flink.client.python.PythonEnvUtils [] - Starting Python process with environment variables: {A=1}, command: python -u -m job',
        '2026-11-27 04:00:00,001 INFO  org.apache.flink.client.python.PythonDriver                  [] - --------------------------- Python Process Started --------------------------',
        ...printed.map(
          p =>
            `2026-11-27 04:00:00,002 INFO  org.apache.flink.client.python.PythonDriver                  [] - ${p}`,
        ),
        '2026-11-27 04:00:00,003 INFO  org.apache.flink.client.python.PythonDriver                  [] - --------------------------- Python Process Exited ---------------------------',
      ].join('\n');
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i}`);
    const out = pythonOutput(run([...lines, 'usage: job --out DIR']), 'job');
    expect(out?.split('\n')).toHaveLength(20);
    expect(out).toMatch(/^line 11\n[\s\S]*usage: job --out DIR$/);
    expect(pythonOutput(run([]), 'job')).toBeUndefined();
  });
});
