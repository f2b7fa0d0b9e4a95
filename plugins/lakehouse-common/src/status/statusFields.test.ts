import { JOB_STATES } from '../types';
import { crdSchema, schemaAt } from './__testUtils__/crds';
import { CUSTOM_RESOURCE_MAPPERS } from './index';

// Parsing the CRDs (up to 1.4 MB of YAML each) takes a moment.
jest.setTimeout(30_000);

const rows = Object.entries(CUSTOM_RESOURCE_MAPPERS).flatMap(
  ([gvk, mapper]) => {
    const kind = gvk.split('/').pop()!;
    const version = gvk.split('/').slice(-2)[0];
    return mapper.fields.map(field => ({
      id: `${kind} ${field.path}`,
      kind,
      version,
      field,
    }));
  },
);

const hasOwn = (o: object, k: string) =>
  Object.prototype.hasOwnProperty.call(o, k);

describe.each(rows)('$id', ({ kind, version, field }) => {
  const node = () => schemaAt(crdSchema(kind, version), field.path);

  it('is a string field in the CRD', () => {
    expect(node().type).toBe('string');
  });

  if (field.source === 'crd') {
    it('maps every value the CRD enum allows, and nothing else', () => {
      const allowed: string[] = node().enum;
      expect(Array.isArray(allowed)).toBe(true);
      for (const value of allowed) {
        expect([value, hasOwn(field.table, value)]).toStrictEqual([
          value,
          true,
        ]);
        expect(JOB_STATES).toContain(field.table[value]);
      }
      expect(Object.keys(field.table).sort()).toStrictEqual(
        [...allowed].sort(),
      );
    });
  } else {
    // No enum in the CRD: the table lists the operator's constants (see `reference`).
    // If a new CRD version adds an enum, this fails and the field must switch to 'crd'.
    it('has no enum in the CRD, so the operator constants apply', () => {
      expect(node().enum).toBeUndefined();
      expect(field.reference).toEqual(expect.any(String));
    });

    it('maps every documented operator value to a JobState', () => {
      expect(Object.keys(field.table).length).toBeGreaterThan(0);
      for (const value of Object.keys(field.table)) {
        expect(JOB_STATES).toContain(field.table[value]);
      }
    });
  }
});

describe('operator constants without a CRD enum', () => {
  // Copied from the operators' Go sources named in each field's `reference`, at
  // the pinned versions: KubeRay v1.5.0 (the Go module `lp crds` generates the
  // CRDs from); spark-operator 2.5 (its Go source is not served; the served
  // kubeflow-spark-api 2.4.0 types the state as a plain string and has the
  // spec.suspend the SUSPEND* states belong to). A value added here must get a
  // mapping.
  const documented: Record<string, string[]> = {
    'RayCluster status.state': ['', 'ready', 'failed', 'suspended'],
    'RayJob status.jobStatus': [
      '',
      'PENDING',
      'RUNNING',
      'STOPPED',
      'SUCCEEDED',
      'FAILED',
    ],
    'RayJob status.jobDeploymentStatus': [
      '',
      'Initializing',
      'Running',
      'Complete',
      'Failed',
      'ValidationFailed',
      'Suspending',
      'Suspended',
      'Retrying',
      'Waiting',
    ],
    'RayService status.serviceStatus': ['', 'Running'],
    'RayService status.conditions[].reason': [
      'Initializing',
      'InitializingTimeout',
      'ZeroServeEndpoints',
      'NonZeroServeEndpoints',
    ],
    'SparkApplication status.applicationState.state': [
      '',
      'SUBMITTED',
      'RUNNING',
      'COMPLETED',
      'FAILED',
      'SUBMISSION_FAILED',
      'PENDING_RERUN',
      'INVALIDATING',
      'SUCCEEDING',
      'FAILING',
      'SUSPENDING',
      'SUSPENDED',
      'RESUMING',
      'UNKNOWN',
    ],
  };

  it('lists exactly the fields declared as operator-sourced', () => {
    expect(
      rows
        .filter(r => r.field.source === 'operator')
        .map(r => r.id)
        .sort(),
    ).toStrictEqual(Object.keys(documented).sort());
  });

  it.each(Object.entries(documented))(
    '%s: every value has a mapping',
    (id, values) => {
      const row = rows.find(r => r.id === id)!;
      expect(Object.keys(row.field.table).sort()).toStrictEqual(
        [...values].sort(),
      );
    },
  );
});
