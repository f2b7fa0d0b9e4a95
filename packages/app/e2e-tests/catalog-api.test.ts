import { test, expect } from '@playwright/test';
import { declaredEntities, entityRef, guestToken } from './portal';

interface CatalogEntity {
  kind: string;
  metadata: { name: string; namespace: string };
  relations?: { type: string; targetRef: string }[];
  status?: { items?: { type: string; level: string; message: string }[] };
}

/**
 * Every entity of catalog-info.yaml goes through the real catalog backend: accepted,
 * processed without errors, and every relation points at an entity that exists.
 */
test('the catalog holds every platform entity with no processing errors', async ({
  request,
}) => {
  const token = await guestToken(request);
  const declared = declaredEntities();
  expect(declared.length).toBeGreaterThan(20);
  const wanted = declared.map(entityRef);

  let byRef = new Map<string, CatalogEntity>();
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/catalog/entities?limit=1000', {
          headers: { Authorization: `Bearer ${token}` },
        });
        expect(res.status()).toBe(200);
        const items = (await res.json()) as CatalogEntity[];
        byRef = new Map(items.map(e => [entityRef(e as any), e]));
        return wanted.filter(ref => !byRef.has(ref));
      },
      {
        timeout: 60_000,
        message: 'entities of catalog-info.yaml missing from the catalog',
      },
    )
    .toEqual([]);

  const problems: string[] = [];
  for (const ref of wanted) {
    const entity = byRef.get(ref)!;
    for (const item of entity.status?.items ?? []) {
      if (item.level === 'error')
        problems.push(`${ref}: ${item.type}: ${item.message}`);
    }
    for (const rel of entity.relations ?? []) {
      if (!byRef.has(rel.targetRef))
        problems.push(`${ref}: ${rel.type} → missing ${rel.targetRef}`);
    }
  }
  expect(problems).toEqual([]);
});

test('the catalog API refuses requests without a token', async ({
  request,
}) => {
  const res = await request.get('/api/catalog/entities');
  expect(res.status()).toBe(401);
});
