import { ConfigReader } from '@backstage/config';
import { createFetchTemplateAction } from '@backstage/plugin-scaffolder-backend';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { repoRoot } from './testing/backend';

/**
 * TechDocs of the catalog: every platform component and app has docs, every docs site is one the real TechDocs
 * generator accepts without changing a byte (it rewrites mkdocs.yml in place for `dir:` references, so a
 * different layout would dirty the checkout at each build), every template renders a project with docs, and the
 * production image builds the sites with the mkdocs-techdocs-core the local platform pins.
 */
jest.setTimeout(60_000);

const REF = 'backstage.io/techdocs-ref';
const EXTERNAL = 'backstage.io/techdocs-entity';
const EXTERNAL_PATH = 'backstage.io/techdocs-entity-path';

// The generator the backend's TechDocs plugin runs (its own copy of @backstage/plugin-techdocs-node).
const techdocsNode = require(require.resolve(
  '@backstage/plugin-techdocs-node',
  {
    paths: [
      path.dirname(
        require.resolve('@backstage/plugin-techdocs-backend/package.json'),
      ),
    ],
  },
));

interface Entity {
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    annotations?: Record<string, string>;
  };
  spec?: Record<string, unknown>;
}
interface Located {
  file: string;
  entity: Entity;
}

const ref = (e: Entity) =>
  `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`;

/** The entities of the catalog's file locations in app-config.yaml (paths relative to packages/backend). */
function catalogEntities(): Located[] {
  const config = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  const backendDir = path.join(repoRoot, 'packages/backend');
  return config.catalog.locations
    .filter((l: any) => l.type === 'file')
    .flatMap((l: any) => {
      const file = path.resolve(backendDir, l.target);
      return parseAllDocuments(fs.readFileSync(file, 'utf8'))
        .map(d => d.toJS() as Entity)
        .filter(e => e?.kind)
        .map(entity => ({ file, entity }));
    });
}

function docsDir(located: Located): string {
  const annotation = located.entity.metadata.annotations![REF];
  expect(annotation).toMatch(/^dir:/);
  return path.resolve(path.dirname(located.file), annotation.slice(4));
}

/** Runs the real TechDocs generator over a copy of `dir`; mkdocs itself is replaced by a stub. */
async function generate(dir: string) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'techdocs-src-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'techdocs-out-'));
  fs.cpSync(dir, work, {
    recursive: true,
    filter: src => !src.includes(`${path.sep}node_modules`),
  });
  const warnings: string[] = [];
  const logger: any = {
    info: () => {},
    debug: () => {},
    error: (m: string) => warnings.push(m),
    warn: (m: string) => warnings.push(m),
    child: () => logger,
  };
  const runs: string[][] = [];
  const containerRunner = {
    async runContainer(opts: {
      args: string[];
      mountDirs: Record<string, string>;
    }) {
      runs.push(opts.args);
      const output = Object.keys(opts.mountDirs).find(
        k => opts.mountDirs[k] === '/output',
      )!;
      fs.writeFileSync(
        path.join(output, 'techdocs_metadata.json'),
        JSON.stringify({ site_name: 'stub' }),
      );
    },
  };
  // The backend's TechDocs settings (app-config.yaml), with mkdocs' run replaced by the stub.
  const { techdocs } = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  const generator = techdocsNode.TechdocsGenerator.fromConfig(
    new ConfigReader({
      techdocs: {
        ...techdocs,
        generator: { ...techdocs.generator, runIn: 'docker' },
      },
    }),
    { logger, containerRunner },
  );
  try {
    await generator.run({ inputDir: work, outputDir: out, logger });
    return {
      mkdocsYml: fs.readFileSync(path.join(work, 'mkdocs.yml'), 'utf8'),
      warnings,
      runs,
    };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The markdown files a site's nav names (all of docs_dir when it has no nav). */
function navPages(site: any): string[] {
  // A nav entry is a page, `{ title: page }` or `{ title: [entries] }`.
  const walk = (entry: unknown): string[] => {
    if (typeof entry === 'string') return [entry];
    if (Array.isArray(entry)) return entry.flatMap(walk);
    if (entry && typeof entry === 'object')
      return Object.values(entry).flatMap(walk);
    return [];
  };
  return walk(site.nav ?? []);
}

describe('TechDocs of the catalog', () => {
  const entities = catalogEntities();
  const withDocs = entities.filter(e => e.entity.metadata.annotations?.[REF]);

  it('covers every component of catalog-info.yaml and every app', () => {
    const components = entities.filter(
      e =>
        e.entity.kind === 'Component' &&
        (e.file === path.join(repoRoot, 'catalog-info.yaml') ||
          e.file.startsWith(path.join(repoRoot, 'apps') + path.sep)),
    );
    expect(components.length).toBeGreaterThanOrEqual(12);
    const without = components
      .filter(
        ({ entity }) =>
          !entity.metadata.annotations?.[REF] &&
          !entity.metadata.annotations?.[EXTERNAL],
      )
      .map(({ entity }) => ref(entity));
    expect(without).toEqual([]);
  });

  it.each(withDocs.map(e => [ref(e.entity), e] as const))(
    '%s: a site with techdocs-core, an index and every nav page',
    (_name, located) => {
      const dir = docsDir(located);
      const site = parse(fs.readFileSync(path.join(dir, 'mkdocs.yml'), 'utf8'));
      expect(site.site_name).toEqual(expect.any(String));
      expect(site.plugins).toContain('techdocs-core');
      // No Google Fonts: the portal runs offline, and the reader waits for every stylesheet of a page.
      expect(site.theme).toEqual({ name: 'material', font: false });
      const docs = path.join(dir, site.docs_dir ?? 'docs');
      expect(fs.existsSync(path.join(docs, 'index.md'))).toBe(true);
      for (const page of navPages(site)) {
        expect(fs.existsSync(path.join(docs, page))).toBe(true);
      }
    },
  );

  it.each(withDocs.map(e => [ref(e.entity), e] as const))(
    '%s: the TechDocs generator keeps mkdocs.yml as it is',
    async (_name, located) => {
      const dir = docsDir(located);
      const before = fs.readFileSync(path.join(dir, 'mkdocs.yml'), 'utf8');
      const { mkdocsYml, warnings, runs } = await generate(dir);
      expect(warnings).toEqual([]);
      expect(mkdocsYml).toBe(before);
      expect(runs).toHaveLength(1);
      expect(runs[0][0]).toBe('build');
    },
  );

  it('opens a page of an entity with docs wherever an entity borrows them', () => {
    const byRef = new Map(entities.map(e => [ref(e.entity), e]));
    const borrowing = entities.filter(
      e => e.entity.metadata.annotations?.[EXTERNAL],
    );
    expect(borrowing.length).toBeGreaterThan(0);
    for (const { entity } of borrowing) {
      const annotations = entity.metadata.annotations!;
      const target = byRef.get(annotations[EXTERNAL]);
      expect([ref(entity), target?.entity.metadata.annotations?.[REF]]).toEqual(
        [ref(entity), expect.stringMatching(/^dir:/)],
      );
      const page = annotations[EXTERNAL_PATH];
      expect(page).toMatch(/^\/[a-z0-9-]+\/$/);
      const dir = docsDir(target!);
      const site = parse(fs.readFileSync(path.join(dir, 'mkdocs.yml'), 'utf8'));
      expect([ref(entity), navPages(site)]).toEqual([
        ref(entity),
        expect.arrayContaining([`${page.slice(1, -1)}.md`]),
      ]);
    }
  });
});

describe('TechDocs in the templates', () => {
  const templatesDir = path.join(repoRoot, 'templates');
  const names = fs
    .readdirSync(templatesDir)
    .filter(n => fs.existsSync(path.join(templatesDir, n, 'template.yaml')));
  const temps: string[] = [];
  const tempDir = (prefix: string) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    temps.push(dir);
    return dir;
  };
  afterAll(() =>
    temps.forEach(d => fs.rmSync(d, { recursive: true, force: true })),
  );

  /** The skeleton rendered by the real fetch:template action with the form's defaults. */
  async function render(name: string): Promise<string> {
    const template = parse(
      fs.readFileSync(path.join(templatesDir, name, 'template.yaml'), 'utf8'),
    );
    const params: Record<string, unknown> = {
      name: `my-${name}`,
      owner: 'group:default/data-platform',
    };
    for (const page of template.spec.parameters) {
      for (const [key, prop] of Object.entries<any>(page.properties ?? {})) {
        if (prop.default !== undefined) params[key] = prop.default;
      }
    }
    const step = template.spec.steps.find(
      (s: any) => s.action === 'fetch:template',
    );
    const values = Object.fromEntries(
      Object.entries<string>(step.input.values).map(([k, v]) => [
        k,
        params[/^\$\{\{ parameters\.(\w+) \}\}$/.exec(v)![1]],
      ]),
    );
    const workspacePath = tempDir(`${name}-`);
    const logger: any = {
      info: () => {},
      debug: () => {},
      warn: () => {},
      error: () => {},
      child: () => logger,
    };
    const action = createFetchTemplateAction({
      reader: {} as any,
      integrations: { byUrl: () => undefined } as any,
    });
    await action.handler({
      input: { ...step.input, values },
      workspacePath,
      logger,
      output: () => {},
      createTemporaryDirectory: async () => tempDir('fetch-'),
      checkpoint: async (opts: any) => opts.fn(),
      templateInfo: {
        entityRef: `template:default/${name}`,
        baseUrl: pathToFileURL(
          path.join(templatesDir, name, 'template.yaml'),
        ).toString(),
      },
    } as any);
    return workspacePath;
  }

  it('finds the templates', () => {
    expect(names).toEqual(
      expect.arrayContaining([
        'spark-etl-app',
        'flink-streaming-app',
        'ray-batch-app',
      ]),
    );
  });

  it.each(names)(
    '%s renders a project whose entity has docs the generator accepts',
    async name => {
      const project = await render(name);
      const entity = parse(
        fs.readFileSync(path.join(project, 'catalog-info.yaml'), 'utf8'),
      );
      expect(entity.metadata.annotations[REF]).toBe('dir:.');
      const site = parse(
        fs.readFileSync(path.join(project, 'mkdocs.yml'), 'utf8'),
      );
      expect(site.site_name).toBe(`my-${name}`);
      expect(site.site_description).toEqual(expect.any(String));
      expect(site.plugins).toEqual(['techdocs-core']);
      expect(site.theme).toEqual({ name: 'material', font: false });
      const index = fs.readFileSync(
        path.join(project, 'docs/index.md'),
        'utf8',
      );
      expect(index.startsWith(`# my-${name}\n`)).toBe(true);
      expect(index).not.toMatch(/\$\{\{|\{%/);
      const { warnings, runs } = await generate(project);
      expect(warnings).toEqual([]);
      expect(runs).toHaveLength(1);
    },
  );
});

describe('TechDocs in production', () => {
  const dockerfile = fs.readFileSync(
    path.join(repoRoot, 'packages/backend/Dockerfile'),
    'utf8',
  );
  const production = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.production.yaml'), 'utf8'),
  );

  it('builds the sites in the image with the mkdocs-techdocs-core the local platform pins', () => {
    const pinned = /^MKDOCS_TECHDOCS_CORE_VERSION=(.+)$/m.exec(
      fs.readFileSync(
        path.join(repoRoot, 'local-platform/versions.env'),
        'utf8',
      ),
    )?.[1];
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(dockerfile).toContain(
      `ARG MKDOCS_TECHDOCS_CORE_VERSION=${pinned}\n`,
    );
    expect(dockerfile).toMatch(
      /RUN python scripts\/build-techdocs\.py \/site catalog-info\.yaml apps\/\*\/catalog-info\.yaml\n/,
    );
  });

  it('serves what the image built, from where the image puts it', () => {
    expect(production.techdocs.builder).toBe('external');
    expect(production.techdocs.publisher).toEqual({
      type: 'local',
      local: { publishDirectory: './techdocs' },
    });
    expect(dockerfile).toContain(
      'COPY --from=techdocs --chown=node:node /site ./techdocs\n',
    );
  });

  it('copies into the image the sources of every site of the production catalog', () => {
    // The production catalog reads ./catalog-info.yaml and ./apps/*/catalog-info.yaml next to the backend.
    const files = production.catalog.locations
      .filter(
        (l: any) => l.type === 'file' && !/template\.yaml$/.test(l.target),
      )
      .map((l: any) => path.normalize(l.target));
    expect(files).toEqual(
      expect.arrayContaining([
        'catalog-info.yaml',
        ...fs
          .readdirSync(path.join(repoRoot, 'apps'))
          .filter(a =>
            fs.existsSync(path.join(repoRoot, 'apps', a, 'catalog-info.yaml')),
          )
          .map(a => path.join('apps', a, 'catalog-info.yaml')),
      ]),
    );
    for (const copied of [
      'COPY catalog-info.yaml ./',
      'COPY docs ./docs',
      'COPY apps ./apps',
    ]) {
      expect(dockerfile).toContain(`${copied}\n`);
    }
  });
});
