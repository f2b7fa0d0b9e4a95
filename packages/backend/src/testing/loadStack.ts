import type { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import fs from 'node:fs';
import { parse } from 'yaml';

/**
 * Loads config files the way the backend does (the same loader, `${VAR}` substitution and layering) with
 * `env` as the only environment, so nothing leaks in from the test's own process, and hands the layered
 * config to `use`.
 */
export async function withStack<T>(
  files: string[],
  env: Record<string, string>,
  use: (config: Config) => T | Promise<T>,
): Promise<T> {
  const source = ConfigSources.default({
    argv: files.flatMap(f => ['--config', f]),
    env: {},
    substitutionFunc: async name => env[name]?.trim(),
  });
  const config = await ConfigSources.toConfig(source);
  try {
    return await use(config);
  } finally {
    config.close();
  }
}

/**
 * Every `${VAR}` the stack reads, with the config keys it fills. A variable inside an array that a later
 * file replaces (arrays replace, objects merge) is never read, and is left out.
 */
export function variablesOf(files: string[]): Map<string, string[]> {
  const docs = files.map(file => parse(fs.readFileSync(file, 'utf8')));
  const arraysOf = (doc: unknown) => {
    const out = new Set<string>();
    const walk = (value: unknown, at: string) => {
      if (Array.isArray(value)) out.add(at);
      else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value))
          walk(v, at ? `${at}.${k}` : k);
      }
    };
    walk(doc, '');
    return out;
  };
  const found = new Map<string, string[]>();
  docs.forEach((doc, index) => {
    const replaced = new Set(
      docs.slice(index + 1).flatMap(d => [...arraysOf(d)]),
    );
    const visit = (value: unknown, at: string) => {
      if (typeof value === 'string') {
        for (const m of value.matchAll(/\$\{\s*(\w+)\s*(?::-[^}]*)?\}/g)) {
          found.set(m[1], [...(found.get(m[1]) ?? []), at]);
        }
      } else if (Array.isArray(value)) {
        if (replaced.has(at)) return;
        value.forEach((v, i) => visit(v, `${at}[${i}]`));
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          visit(v, at ? `${at}.${k}` : k);
        }
      }
    };
    visit(doc, '');
  });
  return found;
}

const LOOPBACK = /^(localhost|127(\.\d+){3}|\[::1\]|0\.0\.0\.0)$/i;

/** Config keys whose value is a URL to this machine (http://127.0.0.1:8333, spark://localhost:7077, ...). */
export function loopbackUrls(value: unknown, at = ''): string[] {
  if (typeof value === 'string') {
    const m = /^[a-z][a-z0-9+.-]*:\/\/([^/:?#]+|\[[^\]]+\])/i.exec(value);
    return m && LOOPBACK.test(m[1]) ? [`${at}: ${value}`] : [];
  }
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => loopbackUrls(v, `${at}[${i}]`));
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      loopbackUrls(v, at ? `${at}.${k}` : k),
    );
  }
  return [];
}
