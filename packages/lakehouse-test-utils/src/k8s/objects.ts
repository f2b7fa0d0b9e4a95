/** A Kubernetes object as rendered by kustomize or written by a template. */
export type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [key: string]: any;
};

/** One finding of a validator, naming the object and the field. */
export type Violation = string;

/** `Kind/name` — how every message names an object. */
export function objectRef(obj: Partial<K8sObject>): string {
  return `${obj?.kind ?? '<no kind>'}/${obj?.metadata?.name ?? '<no name>'}`;
}
