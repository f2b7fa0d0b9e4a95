import {
  BAD_SUBMIT_INPUTS,
  VALID_SUBMIT_INPUTS as valid,
} from '../testUtils/badSubmitInputs';
import {
  describeZodError,
  memoryToMiB,
  submitJobRequestSchema,
} from './submitRequest';

describe('submitJobRequestSchema', () => {
  it('accepts a minimal request per engine and fills defaults', () => {
    expect(submitJobRequestSchema.parse(valid.spark)).toStrictEqual({
      ...valid.spark,
      args: [],
      dryRun: false,
      requirements: [],
      env: {},
      secrets: [],
      resources: {
        driverCores: 1,
        driverMemory: '512m',
        executorCores: 1,
        executorMemory: '512m',
        executors: 1,
      },
    });
    expect(submitJobRequestSchema.parse(valid.flink).resources).toStrictEqual({
      parallelism: 1,
    });
    expect(
      submitJobRequestSchema.parse({
        ...valid.ray,
        args: ['--epochs=3', 's3://warehouse/x', 'a.b,c:d@e%f+g/h'],
        resources: { workers: 4, entrypointCpus: 0.5 },
      }).resources,
    ).toStrictEqual({ workers: 4, entrypointCpus: 0.5 });
  });

  it('has at least 50 bad-input cases', () => {
    expect(BAD_SUBMIT_INPUTS.length).toBeGreaterThanOrEqual(50);
  });

  it.each(BAD_SUBMIT_INPUTS)(
    'rejects %s with a clear message',
    (_, input, message) => {
      const result = submitJobRequestSchema.safeParse(input);
      expect(result.success).toBe(false);
      expect(describeZodError(result.error!)).toMatch(message);
    },
  );

  it('converts memory sizes', () => {
    expect(memoryToMiB('2g')).toBe(2048);
    expect(memoryToMiB('512m')).toBe(512);
    expect(memoryToMiB('2G')).toBeNaN();
  });
});
