/**
 * The PythonDriver runs a PyFlink program in the JobManager and logs every
 * line it prints there, between these markers; the REST answer to a failed
 * run only says "Python process exits with code: 1".
 */
const STARTED = /\[\] - -+ Python Process Started -+\s*$/;
const EXITED = /\[\] - -+ Python Process Exited -+\s*$/;
const DRIVER_LINE =
  /org\.apache\.flink\.client\.python\.PythonDriver\s+\[\] - (.*)$/;
const TRACEBACK = 'Traceback (most recent call last):';
const MAX_LINES = 20;
const MAX_CHARS = 3_000;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * What the last run of `module` printed before it failed, from the
 * JobManager's log: its traceback (or, without one, its last lines), at most
 * 20 lines. Only the program's own output is taken: the driver logs the
 * process environment just before, and that never leaves this function.
 */
export function pythonOutput(log: string, module: string): string | undefined {
  const lines = log.split('\n');
  const command = new RegExp(`command: .* -m ${escape(module)}(\\s|$)`);
  let start = -1;
  for (let i = lines.length - 1; i >= 0 && start < 0; i--) {
    if (command.test(lines[i])) start = i;
  }
  if (start < 0) return undefined;
  const output: string[] = [];
  let inside = false;
  for (const line of lines.slice(start + 1)) {
    if (!inside) {
      inside = STARTED.test(line);
      continue;
    }
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
