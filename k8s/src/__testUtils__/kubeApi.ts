import { execFile } from 'node:child_process';
import https from 'node:https';
import path from 'node:path';
import { promisify } from 'node:util';
import type { K8sObject } from '@internal/lakehouse-test-utils';
import { REPO_ROOT } from './render';

const KUBE = path.join(REPO_ROOT, 'local-platform', 'kube', 'kube.py');

export interface KubeHarness {
  server: string;
  token: string;
  /** What `kube.py up` started (empty when it reused a running server). */
  started: string[];
}

/** Starts the harness's kube-apiserver (kine on SQLite, the operators' CRDs) or reuses it. */
export async function kubeUp(): Promise<KubeHarness> {
  const { stdout } = await promisify(execFile)('python3', [KUBE, 'up'], {
    timeout: 1_800_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

export async function kubeDown(): Promise<void> {
  await promisify(execFile)('python3', [KUBE, 'down'], { timeout: 60_000 });
}

export interface KubeResponse {
  status: number;
  body: any;
  /** Warning headers (Pod Security admission speaks through them). */
  warnings: string[];
}

/**
 * One API call. The harness serves a self-signed certificate on 127.0.0.1 (its kubeconfig says
 * insecure-skip-tls-verify), so verification is off for this agent only.
 */
export function kubeRequest(
  server: string,
  token: string,
  method: string,
  urlPath: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<KubeResponse> {
  const data = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(urlPath, server),
      {
        method,
        rejectUnauthorized: false,
        timeout: 30_000,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(data ? { 'content-type': contentType } : {}),
        },
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', c => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text for the message
          }
          const w = res.headers.warning;
          resolve({
            status: res.statusCode ?? 0,
            body: parsed,
            warnings: w === undefined ? [] : ([] as string[]).concat(w),
          });
        });
      },
    );
    req.on('timeout', () =>
      req.destroy(new Error(`${method} ${urlPath}: timed out`)),
    );
    req.on('error', reject);
    if (data) req.write(data);
    req.end();
  });
}

/** Maps kind → REST path through API discovery (plural, namespaced or not). */
export class ResourcePaths {
  readonly #cache = new Map<
    string,
    { name: string; kind: string; namespaced: boolean }[]
  >();

  constructor(
    private readonly call: (m: string, p: string) => Promise<KubeResponse>,
  ) {}

  async pathOf(obj: K8sObject): Promise<string> {
    const base = obj.apiVersion.includes('/')
      ? `/apis/${obj.apiVersion}`
      : `/api/${obj.apiVersion}`;
    if (!this.#cache.has(base)) {
      const res = await this.call('GET', base);
      if (res.status !== 200)
        throw new Error(`discovery ${base}: HTTP ${res.status}`);
      this.#cache.set(base, res.body.resources);
    }
    const resource = this.#cache
      .get(base)!
      .find(r => r.kind === obj.kind && !r.name.includes('/'));
    if (!resource) throw new Error(`${base} serves no kind ${obj.kind}`);
    const ns = resource.namespaced
      ? `/namespaces/${obj.metadata.namespace}`
      : '';
    return `${base}${ns}/${resource.name}/${obj.metadata.name}`;
  }
}
