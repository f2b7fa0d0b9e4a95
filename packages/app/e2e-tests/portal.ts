import { expect, type APIRequestContext, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(__dirname, '../../..');
export const screenshotDir = path.join(repoRoot, 'test-results/screenshots');

export interface DeclaredEntity {
  kind: string;
  metadata: { name: string; namespace?: string; title?: string };
  spec?: Record<string, unknown>;
}

/** The entities catalog-info.yaml declares, as the catalog should end up holding them. */
export function declaredEntities(): DeclaredEntity[] {
  const text = fs.readFileSync(
    path.join(repoRoot, 'catalog-info.yaml'),
    'utf8',
  );
  return parseAllDocuments(text)
    .map(d => d.toJS() as DeclaredEntity)
    .filter(e => e && e.kind && e.kind !== 'Location');
}

export function entityRef(e: DeclaredEntity): string {
  return `${e.kind}:${e.metadata.namespace ?? 'default'}/${
    e.metadata.name
  }`.toLowerCase();
}

/** A guest Backstage token, as the sign-in page gets one. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/auth/guest/refresh?env=development', {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.ok()).toBe(true);
  const body = await res.json();
  return body.backstageIdentity.token;
}

export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('heading', { name: /Catalog/ }).first(),
  ).toBeVisible();
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({
    path: path.join(screenshotDir, `${name}.png`),
    fullPage: true,
  });
}

/** A job's state as the portal's status API reports it (for `expect.poll` until it ends). */
export async function jobState(
  request: APIRequestContext,
  headers: Record<string, string>,
  engine: string,
  jobId: string,
): Promise<string | undefined> {
  const res = await request.get(
    `/api/lakehouse/jobs/${engine}/local/${jobId}`,
    { headers },
  );
  return (await res.json()).job?.state;
}
