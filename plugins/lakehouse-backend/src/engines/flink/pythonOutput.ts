/**
 * The PythonDriver runs a PyFlink program in the JobManager and logs every
 * line it prints there, between these markers; the REST answer to a failed
 * run only says "Python process exits with code: 1".
 */
const STARTED = /\[\] - -+ Python Process Started -+\s*$/;
const EXITED = /\[\] - -+ Python Process Exited -+\s*$/;
/** The launch record, with the process environment: anchored, so a program cannot print one. */
const LAUNCH =
  /^\S+ \S+ INFO\s+org\.apache\.flink\.client\.python\.PythonEnvUtils\s+\[\] - Starting Python process/;
const TIMESTAMPED = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/;
const DRIVER_LINE =
  /org\.apache\.flink\.client\.python\.PythonDriver\s+\[\] - (.*)$/;
const TRACEBACK = 'Traceback (most recent call last):';
const MAX_LINES = 20;
const MAX_CHARS = 3_000;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What one submission's program printed before it failed, from the
 * JobManager's log: its traceback (or, without one, its last lines), at most
 * 20 lines. The run is found by `stagedFolder`, the submission's own staged
 * folder name, which the driver copies to `<tmp>/<uuid>/<stagedFolder>` and
 * logs in the launch record's PYTHONPATH: a module name would also match
 * another user's run of the same module. Printed lines carry no process id,
 * so when another Python process ran at the same time nothing is returned
 * rather than someone else's output. Only the program's own output is taken:
 * the launch record holds the process environment and never leaves here.
 * The caller redacts what is returned.
 */
export function pythonOutput(
  log: string,
  stagedFolder: string,
): string | undefined {
  const lines = log.split('\n');
  const token = new RegExp(`/${escape(stagedFolder)}(?=[\\s,:;}]|$)`);
  let launch = -1;
  for (let i = lines.length - 1; i >= 0 && launch < 0; i--) {
    if (!token.test(lines[i])) continue;
    // The launch record spans lines when an env value does: find where it starts.
    let start = i;
    while (start > 0 && !TIMESTAMPED.test(lines[start])) start--;
    if (LAUNCH.test(lines[start])) launch = start;
  }
  if (launch < 0) return undefined;
  let running = 0;
  for (const line of lines.slice(0, launch)) {
    if (STARTED.test(line)) running++;
    else if (EXITED.test(line)) running = Math.max(0, running - 1);
  }
  if (running > 0) return undefined;
  const output: string[] = [];
  let inside = false;
  for (const line of lines.slice(launch + 1)) {
    if (LAUNCH.test(line)) return undefined;
    if (!inside) {
      inside = STARTED.test(line);
      continue;
    }
    if (STARTED.test(line)) return undefined;
    if (EXITED.test(line)) break;
    const printed = DRIVER_LINE.exec(line);
    if (printed) output.push(printed[1]);
  }
  const traceback = output.lastIndexOf(TRACEBACK);
  const kept = (traceback >= 0 ? output.slice(traceback) : output).slice(
    -MAX_LINES,
  );
  const text = kept.join('\n').trimEnd();
  return text ? text.slice(-MAX_CHARS) : undefined;
}
