import { redactDeep, redactSecrets, registerSecret } from './redact';

describe('redactSecrets', () => {
  const saved = process.env.AWS_SECRET_ACCESS_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
    else process.env.AWS_SECRET_ACCESS_KEY = saved;
  });

  it('masks the values of secret-named assignments in the forms programs print them', () => {
    const printed = [
      // Flink's PythonEnvUtils, Java's Map.toString
      '{PATH=/usr/bin, AWS_SECRET_ACCESS_KEY=jm-secret-1, AWS_SESSION_TOKEN=tok/en+2==, HOME=/root}',
      // Python's os.environ and dict repr
      "environ({'PATH': '/usr/bin', 'AWS_SECRET_ACCESS_KEY': 'py secret 3', 'DB_PASSWORD': 'pw4'})",
      // JSON, escaped JSON inside a JSON string, YAML, Hadoop properties
      '{"apiToken": "json-5", "name": "job"}',
      '{\\"client_secret\\": \\"esc-6\\"}',
      'password: yaml-7\nuser: alice',
      'fs.s3a.secret.key=hadoop-8 fs.s3a.endpoint=http://s3:8333',
      'GITHUB_TOKEN = "gh-9"',
      // an assignment inside another one's value
      'Job failed: AWS_SECRET_ACCESS_KEY=nested-10',
    ].join('\n');
    const out = redactSecrets(printed);
    for (const leaked of [
      'jm-secret-1',
      'tok/en',
      'py secret 3',
      'pw4',
      'json-5',
      'esc-6',
      'yaml-7',
      'hadoop-8',
      'gh-9',
      'nested-10',
    ]) {
      expect(out).not.toContain(leaked);
    }
    // Names and harmless values stay readable.
    expect(out).toContain('AWS_SECRET_ACCESS_KEY=***');
    expect(out).toContain("'AWS_SECRET_ACCESS_KEY': '***'");
    expect(out).toContain('{PATH=/usr/bin,');
    expect(out).toContain('"name": "job"');
    expect(out).toContain('user: alice');
    expect(out).toContain('fs.s3a.endpoint=http://s3:8333');
  });

  it('masks access key ids, bearer tokens, JWTs and URL passwords', () => {
    const out = redactSecrets(
      [
        'key AKIAIOSFODNN7EXAMPLE used',
        'Authorization: Bearer abcdefghijklmnop.qrs',
        'got eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW0ifQ.c2lnbmF0dXJl back',
        'jdbc:postgresql://app:hunter22@db:5432/x and https://host/path',
      ].join('\n'),
    );
    expect(out).not.toMatch(
      /IOSFODNN7EXAMPLE|abcdefghijklmnop|eyJzdWIi|hunter22/,
    );
    expect(out).toContain('AKIA***');
    expect(out).toContain('postgresql://app:***@db:5432/x');
    expect(out).toContain('https://host/path');
  });

  it('masks the secrets this backend knows wherever they appear, in any format', () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'known-env-secret-value';
    registerSecret('registered-config-token');
    registerSecret('short'); // too short to mask safely: ignored
    const out = redactSecrets(
      'printed as a list: [known-env-secret-value] and plain registered-config-token; short stays',
    );
    expect(out).toBe('printed as a list: [***] and plain ***; short stays');
  });

  it('leaves ordinary program output alone', () => {
    const traceback = [
      'Traceback (most recent call last):',
      '  File "/tmp/pyflink/a/b/files/app/main.py", line 4, in <module>',
      '    return {}["missing_key"]',
      "KeyError: 'missing_key'",
      'Caused by: java.lang.RuntimeException: Python process exits with code: 1',
    ].join('\n');
    expect(redactSecrets(traceback)).toBe(traceback);
  });
});

describe('redactDeep', () => {
  it('redacts every string of a JSON-like value and keeps its shape', () => {
    const value = {
      logs: 'AWS_SECRET_ACCESS_KEY=abc123456',
      n: 3,
      none: null,
      list: [{ message: 'token: t0k3n-value' }],
    };
    expect(redactDeep(value)).toEqual({
      logs: 'AWS_SECRET_ACCESS_KEY=***',
      n: 3,
      none: null,
      list: [{ message: 'token: ***' }],
    });
  });
});
