/**
 * Submissions that must be refused, shared by the schema's unit test and the
 * integration test that sends them to the real backend and checks the
 * engines received nothing.
 */
export const VALID_SUBMIT_INPUTS = {
  spark: {
    engine: 'spark',
    instance: 'local',
    name: 'daily-etl',
    entrypoint: 'app/main.py',
  },
  flink: {
    engine: 'flink',
    instance: 'local',
    name: 'fraud-rules',
    entrypoint: 'main.py',
  },
  ray: {
    engine: 'ray',
    instance: 'local',
    name: 'train',
    entrypoint: 'main.py',
  },
} as const;
const valid = VALID_SUBMIT_INPUTS;

/** [label, request, the message fragment the user must see] */
export const BAD_SUBMIT_INPUTS: [string, Record<string, unknown>, RegExp][] = [
  ['name with spaces', { ...valid.spark, name: 'my job' }, /DNS-1123/],
  ['name with capitals', { ...valid.spark, name: 'MyJob' }, /DNS-1123/],
  ['name over 63 chars', { ...valid.spark, name: 'a'.repeat(64) }, /63/],
  ['empty name', { ...valid.spark, name: '' }, /required/],
  ['name starting with -', { ...valid.flink, name: '-job' }, /DNS-1123/],
  ['name ending with -', { ...valid.flink, name: 'job-' }, /DNS-1123/],
  ['name with underscore', { ...valid.ray, name: 'my_job' }, /DNS-1123/],
  ['name with dot', { ...valid.ray, name: 'my.job' }, /DNS-1123/],
  ['name with slash', { ...valid.spark, name: 'a/b' }, /DNS-1123/],
  ['name with ../', { ...valid.spark, name: '../etc' }, /DNS-1123/],
  ['name with semicolon', { ...valid.spark, name: 'a;rm' }, /DNS-1123/],
  ['name with unicode', { ...valid.spark, name: 'jöb' }, /DNS-1123/],
  ['name not a string', { ...valid.spark, name: 42 }, /name/],
  ['unknown engine', { ...valid.spark, engine: 'hadoop' }, /engine/],
  ['missing engine', { ...valid.spark, engine: undefined }, /engine/],
  ['instance with space', { ...valid.spark, instance: 'lo cal' }, /instance/],
  ['instance ../', { ...valid.spark, instance: '../x' }, /instance/],
  ['instance empty', { ...valid.spark, instance: '' }, /instance/],
  ['instance too long', { ...valid.ray, instance: 'i'.repeat(64) }, /instance/],
  [
    'entrypoint absolute',
    { ...valid.spark, entrypoint: '/etc/passwd.py' },
    /relative/,
  ],
  ['entrypoint ../', { ...valid.spark, entrypoint: '../x.py' }, /\.\./],
  [
    'entrypoint a/../../b',
    { ...valid.flink, entrypoint: 'a/../../b.py' },
    /\.\./,
  ],
  ['entrypoint not .py', { ...valid.ray, entrypoint: 'main.sh' }, /\.py/],
  ['entrypoint with space', { ...valid.ray, entrypoint: 'my app.py' }, /\.py/],
  ['entrypoint with $()', { ...valid.ray, entrypoint: '$(id).py' }, /\.py/],
  ['entrypoint with backtick', { ...valid.ray, entrypoint: '`id`.py' }, /\.py/],
  [
    'entrypoint too long',
    { ...valid.spark, entrypoint: `${'a'.repeat(260)}.py` },
    /255/,
  ],
  ['arg with ;', { ...valid.ray, args: ['a;rm -rf /'] }, /metacharacters/],
  ['arg with &&', { ...valid.ray, args: ['x&&y'] }, /metacharacters/],
  ['arg with |', { ...valid.ray, args: ['a|b'] }, /metacharacters/],
  ['arg with $()', { ...valid.ray, args: ['$(whoami)'] }, /metacharacters/],
  ['arg with ${}', { ...valid.spark, args: ['${HOME}'] }, /metacharacters/],
  ['arg with backtick', { ...valid.spark, args: ['`id`'] }, /metacharacters/],
  ['arg with >', { ...valid.flink, args: ['>out'] }, /metacharacters/],
  ['arg with <', { ...valid.flink, args: ['<in'] }, /metacharacters/],
  ['arg with quote', { ...valid.flink, args: ["it's"] }, /metacharacters/],
  ['arg with newline', { ...valid.ray, args: ['a\nb'] }, /metacharacters/],
  ['arg with space', { ...valid.ray, args: ['a b'] }, /metacharacters/],
  ['arg with ../', { ...valid.spark, args: ['--in=../../etc'] }, /\.\./],
  ['arg too long', { ...valid.spark, args: ['a'.repeat(1025)] }, /1024/],
  ['too many args', { ...valid.spark, args: Array(65).fill('a') }, /64/],
  ['args not a list', { ...valid.spark, args: '--x' }, /args/],
  [
    'zero driver cores',
    { ...valid.spark, resources: { driverCores: 0 } },
    /at least 1/,
  ],
  [
    'absurd executors',
    { ...valid.spark, resources: { executors: 10000 } },
    /at most 100/,
  ],
  [
    'fractional executor cores',
    { ...valid.spark, resources: { executorCores: 1.5 } },
    /whole/,
  ],
  [
    'negative executors',
    { ...valid.spark, resources: { executors: -1 } },
    /at least 1/,
  ],
  [
    'memory without unit',
    { ...valid.spark, resources: { driverMemory: '512' } },
    /512m or 2g/,
  ],
  [
    'memory too small',
    { ...valid.spark, resources: { executorMemory: '1m' } },
    /256m/,
  ],
  [
    'memory absurd',
    { ...valid.spark, resources: { executorMemory: '99999g' } },
    /64g/,
  ],
  [
    'memory in TB',
    { ...valid.spark, resources: { driverMemory: '1t' } },
    /512m or 2g/,
  ],
  [
    'zero parallelism',
    { ...valid.flink, resources: { parallelism: 0 } },
    /at least 1/,
  ],
  [
    'absurd parallelism',
    { ...valid.flink, resources: { parallelism: 100000 } },
    /at most 256/,
  ],
  [
    'parallelism as string',
    { ...valid.flink, resources: { parallelism: '4' } },
    /parallelism/,
  ],
  [
    'zero ray workers',
    { ...valid.ray, resources: { workers: 0 } },
    /at least 1/,
  ],
  [
    'absurd ray workers',
    { ...valid.ray, resources: { workers: 1e6 } },
    /at most 256/,
  ],
  [
    'negative ray cpus',
    { ...valid.ray, resources: { entrypointCpus: -2 } },
    /at least 0/,
  ],
  [
    'spark resource on flink',
    { ...valid.flink, resources: { executors: 2 } },
    /executors/,
  ],
  ['unknown top-level field', { ...valid.ray, command: 'rm -rf /' }, /command/],
  ['dryRun not boolean', { ...valid.ray, dryRun: 'yes' }, /dryRun/],
  [
    'requirement as URL',
    { ...valid.ray, requirements: ['git+https://evil.example/x.git'] },
    /no URLs/,
  ],
  [
    'requirement as pip option',
    { ...valid.spark, requirements: ['--index-url=http://evil.example'] },
    /pip options/,
  ],
  [
    'requirement with direct reference',
    { ...valid.flink, requirements: ['pkg @ https://evil.example/pkg.whl'] },
    /no URLs/,
  ],
  [
    'requirement with shell',
    { ...valid.ray, requirements: ['numpy; rm -rf /'] },
    /requirements\.0/,
  ],
  [
    'too many requirements',
    { ...valid.ray, requirements: Array(101).fill('numpy') },
    /at most 100 requirements/,
  ],
  [
    'requirements not a list',
    { ...valid.ray, requirements: 'numpy' },
    /requirements/,
  ],
  ['env PATH', { ...valid.ray, env: { PATH: '/tmp' } }, /reserved/],
  [
    'env LD_PRELOAD',
    { ...valid.spark, env: { LD_PRELOAD: '/x.so' } },
    /reserved/,
  ],
  [
    'env LAKEHOUSE_WORKERS',
    { ...valid.ray, env: { LAKEHOUSE_WORKERS: '9' } },
    /reserved/,
  ],
  [
    'env name with space',
    { ...valid.ray, env: { 'A B': '1' } },
    /variable name/,
  ],
  ['env value not a string', { ...valid.ray, env: { A: 1 } }, /env/],
  [
    'env value with newline',
    { ...valid.ray, env: { A: 'a\nb' } },
    /control characters/,
  ],
  [
    'too many env',
    {
      ...valid.ray,
      env: Object.fromEntries(
        Array.from({ length: 65 }, (_, i) => [`V${i}`, 'x']),
      ),
    },
    /at most 64/,
  ],
  [
    'secret with capitals',
    { ...valid.ray, secrets: ['My-Secret'] },
    /secret source/,
  ],
  [
    'secret as object',
    { ...valid.ray, secrets: [{ AWS_KEY: 'x' }] },
    /secrets/,
  ],
];
