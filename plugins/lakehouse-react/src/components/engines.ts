import type { EngineKind } from '@internal/plugin-lakehouse-common';

/** What differs per engine in the UI text; everything else is shared. */
interface EngineInfo {
  title: string;
  /** The process the backend talks to, for "check that ... is up". */
  endpoint: string;
  /** What the engine calls its nodes in the cluster summary. */
  nodes: string;
}

const ENGINES: Record<EngineKind, EngineInfo> = {
  spark: { title: 'Spark', endpoint: 'Spark master', nodes: 'Workers' },
  flink: { title: 'Flink', endpoint: 'JobManager', nodes: 'Task managers' },
  ray: { title: 'Ray', endpoint: 'Ray head (dashboard)', nodes: 'Nodes' },
};

/** "Spark", "Flink", "Ray"; the raw value for anything else. */
export function engineTitle(engine: string): string {
  return ENGINES[engine as EngineKind]?.title ?? engine;
}

export function engineInfo(engine: EngineKind): EngineInfo {
  return ENGINES[engine];
}

/** "Flink 'local'" */
export function instanceTitle(engine: string, instance: string): string {
  return `${engineTitle(engine)} '${instance}'`;
}
