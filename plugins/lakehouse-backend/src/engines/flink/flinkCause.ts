/** Flink wraps the program's failure in Java stack traces: keep the innermost cause. */
export function flinkCause(body: unknown): string {
  const errors = (body as { errors?: unknown[] })?.errors;
  const text = Array.isArray(errors)
    ? errors.map(String).join('\n')
    : String(body);
  const causes = text
    .split('\n')
    .map(l => l.trim())
    .filter(l => l.startsWith('Caused by:'));
  const innermost = causes.length
    ? causes[causes.length - 1].replace(/^Caused by: ([\w.$]+\.)?/, '')
    : text.split('\n')[0];
  return innermost.replace(/\s+/g, ' ').slice(0, 600);
}
