import type { EngineKind } from '@internal/plugin-lakehouse-common';

// The shapes config reading produces, apart from the readers (config.ts, kubernetesConfig.ts) so that
// neither reader imports the other's module for its types.

/** One configured engine endpoint, with defaults applied. */
export interface EngineInstance {
  engine: EngineKind;
  name: string;
  /** Base URL without a trailing slash. */
  url: string;
  /** Spark only: the REST submission server. */
  restUrl?: string;
  /** Spark only: the master's RPC URL (`spark://host:7077`) that submitted drivers run against. */
  masterUrl?: string;
  /** Spark only: submitted drivers run OpenLineage's listener (the cluster has `openlineage-spark`). */
  openLineage?: boolean;
  timeoutMs: number;
  /** Submissions run the app's setup on the engine (Flink builds the job graph): longer than a status call. */
  submitTimeoutMs: number;
  refreshIntervalMs: number;
  /** Flink only: the PythonDriver's jar, uploaded by the backend from a file or pinned by its id. */
  pythonRunnerJar?: { file: string } | { id: string };
  /** Flink only: where savepoints go (`s3://…`); absent: the cluster's `state.savepoints.dir`. */
  savepointDir?: string;
  /** Flink only: how long a savepoint may take before the call gives up waiting (it may still complete). */
  savepointTimeoutMs?: number;
  /** Set for instances read from the operators' custom resources in a Kubernetes cluster. */
  kubernetes?: KubernetesClusterAccess;
  /** Kubernetes instances only: where and how submissions become custom resources; absent: none taken. */
  kubernetesSubmit?: KubernetesSubmitTarget;
}

/**
 * `lakehouse.kubernetes.clusters[].submit`: the namespace submitted custom resources go to, and per
 * engine what the operator needs that a request does not say. An engine without its part takes no
 * submissions on this cluster.
 */
export interface KubernetesSubmitTarget {
  namespace: string;
  /** How long a server-side apply or delete may take. */
  timeoutMs: number;
  spark?: {
    image: string;
    sparkVersion: string;
    /** The driver's service account: the Spark operator's, which may create executor pods. */
    serviceAccount: string;
    /** Spark configuration (S3 endpoint, catalog) the operator mounts, as the platform's apps use it. */
    sparkConfigMap?: string;
    /** Secrets given to driver and executors as environment (`envFrom`): credentials stay in the cluster. */
    envFromSecrets: string[];
  };
  flink?: {
    /** The FlinkDeployment (session cluster) jobs run on. */
    deploymentName: string;
    /** The flink-python jar inside the session cluster's image, e.g. `local:///opt/flink/opt/flink-python-2.1.1.jar`. */
    pythonJarUri: string;
  };
  ray?: {
    /** The RayCluster jobs run on (`ray.io/cluster` label), as the platform's own RayJobs do. */
    clusterName: string;
  };
}

/** How to reach one cluster of `kubernetes.clusterLocatorMethods` (type `config`). */
export interface KubernetesClusterAccess {
  cluster: string;
  /** API server URL, no trailing slash. */
  url: string;
  /** Absent: the pod's service-account token file, read on each refresh (it rotates). */
  token?: string;
  skipTLSVerify: boolean;
  caData?: string;
  caFile?: string;
  /** Absent: all namespaces. */
  namespaces?: string[];
  /** Watch the custom resources (changes show within a second); the poll stays as the resync. */
  watch: boolean;
}
