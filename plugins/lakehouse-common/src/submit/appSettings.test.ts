import {
  appEnvSchema,
  parseRequirementsTxt,
  requirementSchema,
} from './appSettings';
import { submitJobRequestSchema } from './submitRequest';

describe('requirementSchema', () => {
  it.each([
    'numpy',
    'pandas==2.2.3',
    'boto3>=1.34,<2',
    'ray[serve]==2.60.0',
    'Django~=4.2',
    'scikit-learn',
    'zope.interface',
  ])('accepts %s', r =>
    expect(requirementSchema.safeParse(r).success).toBe(true),
  );

  it.each([
    'git+https://github.com/x/y.git',
    'https://example.com/x.whl',
    'pkg @ https://example.com/pkg.whl',
    '-r other.txt',
    '-e .',
    '--index-url=http://evil.example',
    './local/path',
    '/abs/path.whl',
    'numpy; python_version<"3.8"',
    'a && b',
    '',
  ])('refuses %p', r =>
    expect(requirementSchema.safeParse(r).success).toBe(false),
  );
});

describe('parseRequirementsTxt', () => {
  it('reads names, skipping comments and blank lines', () => {
    expect(
      parseRequirementsTxt('# deps\nnumpy==2.1.3  # pinned\n\r\npandas\n'),
    ).toEqual({ requirements: ['numpy==2.1.3', 'pandas'] });
  });

  it('names the line a request could not have sent', () => {
    expect(parseRequirementsTxt('numpy\n--extra-index-url http://x\n')).toEqual(
      {
        error: expect.stringMatching(
          /^requirements\.txt line 2 \('--extra-index-url http:\/\/x'\): .*no URLs/,
        ),
      },
    );
  });

  it('bounds the count', () => {
    expect(parseRequirementsTxt('numpy\n'.repeat(101))).toEqual({
      error: expect.stringMatching(/101 requirements; at most 100/),
    });
  });
});

describe('appEnvSchema', () => {
  it('takes ordinary settings and names each reserved one', () => {
    expect(appEnvSchema.parse({ MODEL_BUCKET: 's3://models' })).toEqual({
      MODEL_BUCKET: 's3://models',
    });
    const result = appEnvSchema.safeParse({
      OK: '1',
      PYTHONPATH: '/x',
      RAY_ADDRESS: 'y',
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map(i => i.path)).toEqual([
      ['PYTHONPATH'],
      ['RAY_ADDRESS'],
    ]);
  });
});

describe('the submit request', () => {
  it('defaults to no requirements, environment or secrets', () => {
    expect(
      submitJobRequestSchema.parse({
        engine: 'ray',
        instance: 'local',
        name: 'train',
        entrypoint: 'main.py',
      }),
    ).toMatchObject({ requirements: [], env: {}, secrets: [] });
  });
});
