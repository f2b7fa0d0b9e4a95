import { z } from 'zod';

/**
 * One Python requirement: a distribution name, optional extras and version
 * clauses (PEP 508 without URLs, markers or pip options). URLs, `-r`, `-e` and
 * `--index-url` would let a request choose where code is fetched from, so the
 * index stays the one each engine's pip is configured with.
 */
const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const EXTRAS = `\\[\\s*${NAME}(?:\\s*,\\s*${NAME})*\\s*\\]`;
const CLAUSE = '(?:===|==|!=|<=|>=|~=|<|>)\\s*[A-Za-z0-9.*+!_-]+';
const REQUIREMENT = new RegExp(
  `^${NAME}\\s*(?:${EXTRAS})?\\s*(?:${CLAUSE}(?:\\s*,\\s*${CLAUSE})*)?$`,
);

/** @public */
export const MAX_REQUIREMENTS = 100;

/** @public */
export const requirementSchema = z
  .string()
  .max(200, 'must be at most 200 characters')
  .refine(
    value => REQUIREMENT.test(value.trim()),
    'must be a package name with optional extras and version, like pandas==2.2.3 or boto3>=1.34,<2 (no URLs, paths or pip options)',
  );

/**
 * Variables the engines or the portal set themselves: an app overriding them
 * would break its own runtime (PYTHONPATH, JAVA_HOME) or the portal's contract
 * (LAKEHOUSE_WORKERS), or load code from elsewhere (LD_PRELOAD).
 */
const RESERVED_ENV = [
  /^(PATH|HOME|USER|SHELL|PWD|TMPDIR)$/,
  /^PYTHON/,
  /^(LD|DYLD)_/,
  /^(JAVA|JVM|JDK)_/,
  /^(SPARK|PYSPARK|FLINK|PYFLINK|RAY|HADOOP)_/,
  /^LAKEHOUSE_/,
  /^PIP_/,
];

/** @public */
export const envNameSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'must be an environment variable name (letters, digits and "_", not starting with a digit, at most 128)',
  )
  .superRefine((name, ctx) => {
    if (RESERVED_ENV.some(r => r.test(name))) {
      ctx.addIssue({
        code: 'custom',
        message: `'${name}' is set by the engine or the portal (PATH, HOME, PYTHON*, LD_*, JAVA_*, SPARK_*, FLINK_*, RAY_*, HADOOP_*, PIP_*, LAKEHOUSE_* are reserved)`,
      });
    }
  });

/** @public */
export const envValueSchema = z
  .string()
  .max(4096, 'must be at most 4096 characters')
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'must not contain control characters');

/** @public */
export const appEnvSchema = z
  .record(z.string(), envValueSchema)
  .superRefine((env, ctx) => {
    const names = Object.keys(env);
    if (names.length > 64) {
      ctx.addIssue({
        code: 'custom',
        message: 'at most 64 environment variables',
      });
    }
    for (const name of names) {
      const checked = envNameSchema.safeParse(name);
      if (!checked.success) {
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: checked.error.issues[0].message,
        });
      }
    }
  });

/** The name of a secret source declared in `lakehouse.secrets` of app-config. @public */
export const secretSourceNameSchema = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
    'must name a secret source from lakehouse.secrets in app-config (lowercase letters, digits and "-")',
  )
  .max(63, 'must be at most 63 characters');

/**
 * What an app needs besides its code, the same for every engine: each engine
 * receives it its own way (Ray's runtime environment, a launcher for Spark's
 * driver and Flink's client, Flink's `-pyreq` for its Python workers).
 * @public
 */
export const appSettingsShape = {
  /** Added to the project's own `requirements.txt`, if it has one. */
  requirements: z
    .array(requirementSchema)
    .max(MAX_REQUIREMENTS, `at most ${MAX_REQUIREMENTS} requirements`)
    .default([]),
  /** Non-secret settings; values appear in the engines' UIs. */
  env: appEnvSchema.default({}),
  /** Secret sources by name; their values come from the portal's config, never from a request. */
  secrets: z
    .array(secretSourceNameSchema)
    .max(16, 'at most 16 secret sources')
    .default([]),
};

/** @public */
export const REQUIREMENTS_FILE = 'requirements.txt';

/**
 * The requirements of a project's `requirements.txt`, each line held to the
 * same rule as a request's list, so a file cannot do what a request may not.
 * Returns the requirements or the first problem with its line number.
 * @public
 */
export function parseRequirementsTxt(
  text: string,
): { requirements: string[] } | { error: string } {
  const requirements: string[] = [];
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const checked = requirementSchema.safeParse(line);
    if (!checked.success) {
      return {
        error: `${REQUIREMENTS_FILE} line ${index + 1} ('${line.slice(
          0,
          80,
        )}'): ${checked.error.issues[0].message}`,
      };
    }
    requirements.push(line);
  }
  if (requirements.length > MAX_REQUIREMENTS) {
    return {
      error: `${REQUIREMENTS_FILE} lists ${requirements.length} requirements; at most ${MAX_REQUIREMENTS}`,
    };
  }
  return { requirements };
}
