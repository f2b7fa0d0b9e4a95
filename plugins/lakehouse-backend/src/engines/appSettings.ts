import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  envNameSchema,
  parseRequirementsTxt,
  REQUIREMENTS_FILE,
  secretSourceNameSchema,
  SubmitJobRequest,
} from '@internal/plugin-lakehouse-common';
import type { ProjectArchive } from '../staging/ProjectArchive';
import { registerSecret } from './redact';

/** `lakehouse.secrets.<name>`: variables a job may ask for by the source's name. */
export interface SecretSource {
  name: string;
  description?: string;
  /** Variable name → value; values never leave the backend except to the engine. */
  env: Record<string, string>;
}

/** What an app needs besides its code, resolved against its project and the portal's config. */
export interface AppSettings {
  /** The project's requirements.txt followed by the request's list, first mention kept. */
  requirements: string[];
  /** Non-secret variables, as requested. */
  env: Record<string, string>;
  /** The requested secret sources' variables: values for the engine only, never for plans, logs or answers. */
  secretEnv: Record<string, string>;
  /** Names of the requested secret sources, for plans and audit. */
  secretSources: string[];
}

export const NO_APP_SETTINGS: AppSettings = {
  requirements: [],
  env: {},
  secretEnv: {},
  secretSources: [],
};

/** Reads `lakehouse.secrets`, failing at startup on a name or variable a request could never use. */
export function readSecretSources(config: Config): Map<string, SecretSource> {
  const sources = new Map<string, SecretSource>();
  const root = config.getOptionalConfig('lakehouse.secrets');
  for (const name of root?.keys() ?? []) {
    const at = `lakehouse.secrets.${name}`;
    if (!secretSourceNameSchema.safeParse(name).success) {
      throw new InputError(
        `Invalid ${at}: source names are lowercase letters, digits and '-'`,
      );
    }
    const c = root!.getConfig(name);
    const env: Record<string, string> = {};
    const vars = c.getOptionalConfig('env');
    for (const variable of vars?.keys() ?? []) {
      const checked = envNameSchema.safeParse(variable);
      if (!checked.success) {
        throw new InputError(
          `Invalid ${at}.env.${variable}: ${checked.error.issues[0].message}`,
        );
      }
      const value = vars!.getString(variable);
      registerSecret(value);
      env[variable] = value;
    }
    // Empty when its `${VAR}`s are unset (a portal started without the platform): kept, and refused when asked for.
    sources.set(name, {
      name,
      description: c.getOptionalString('description'),
      env,
    });
  }
  return sources;
}

/**
 * Merges what the request asks for with the project's requirements.txt and
 * the declared secret sources. Every problem is the caller's to fix (400),
 * found before anything is staged or sent.
 */
export function resolveAppSettings(
  request: SubmitJobRequest,
  project: ProjectArchive,
  secretSources: Map<string, SecretSource>,
): AppSettings {
  const file = project.files.find(f => f.path === REQUIREMENTS_FILE);
  const fromFile = file
    ? parseRequirementsTxt(file.content.toString('utf8'))
    : { requirements: [] };
  if ('error' in fromFile) {
    throw new InputError(`Invalid project: ${fromFile.error}`);
  }
  const requirements = [
    ...new Set([...fromFile.requirements, ...request.requirements]),
  ];
  const secretEnv: Record<string, string> = {};
  for (const name of request.secrets) {
    const source = secretSources.get(name);
    if (!source) {
      const known = [...secretSources.keys()];
      throw new InputError(
        `Unknown secret source '${name}'; declared: ${
          known.join(', ') || 'none'
        } (lakehouse.secrets in app-config)`,
      );
    }
    if (!Object.keys(source.env).length) {
      throw new InputError(
        `Secret source '${name}' has no values in this deployment: set the variables of lakehouse.secrets.${name}.env`,
      );
    }
    Object.assign(secretEnv, source.env);
  }
  const clash = Object.keys(request.env).filter(k => k in secretEnv);
  if (clash.length) {
    throw new InputError(
      `env sets ${clash.join(
        ', ',
      )}, which the requested secret sources provide; leave them out of env`,
    );
  }
  return {
    requirements,
    env: request.env,
    secretEnv,
    secretSources: [...new Set(request.secrets)],
  };
}

/** Where an engine delivers each kind of setting, for the plan. */
export interface AppSettingsDelivery {
  requirements: string;
  env: string;
  secrets: string;
}

/** Plan lines shared by the engines: what the app gets and where, never a secret's value. */
export function describeAppSettings(
  settings: AppSettings,
  where: AppSettingsDelivery,
): string[] {
  const lines: string[] = [];
  if (settings.requirements.length) {
    lines.push(
      `requirements (pip): ${settings.requirements.join(', ')} (${
        where.requirements
      })`,
    );
  }
  const env = Object.keys(settings.env);
  if (env.length) lines.push(`environment: ${env.join(', ')} (${where.env})`);
  if (settings.secretSources.length) {
    lines.push(
      `secrets from ${settings.secretSources.join(', ')}: ${Object.keys(
        settings.secretEnv,
      ).join(', ')} (${where.secrets})`,
    );
  }
  return lines;
}
