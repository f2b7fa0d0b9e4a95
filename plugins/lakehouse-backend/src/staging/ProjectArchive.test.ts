import JSZip from 'jszip';
import { hostileZips } from '../testUtils/hostileZips';
import { ProjectArchive } from './ProjectArchive';

async function zipOf(files: Record<string, string>): Promise<string> {
  const zip = new JSZip();
  Object.entries(files).forEach(([path, content]) => zip.file(path, content));
  return (await zip.generateAsync({ type: 'nodebuffer' })).toString('base64');
}

describe('ProjectArchive', () => {
  it('keeps the files and rebuilds the same bytes for the same code', async () => {
    const files = { 'main.py': 'print(1)', 'pkg/util.py': 'X = 1' };
    const a = await ProjectArchive.fromBase64(await zipOf(files), 'main.py');
    // Another second (zip times have 2 s steps): nothing of the time may reach the bytes.
    await new Promise(r => setTimeout(r, 2_100));
    const b = await ProjectArchive.fromBase64(await zipOf(files), 'main.py');
    expect(a.files.map(f => [f.path, f.content.toString()])).toEqual([
      ['main.py', 'print(1)'],
      ['pkg/util.py', 'X = 1'],
    ]);
    expect(a.zip.equals(b.zip)).toBe(true);
    const folders = Object.values((await JSZip.loadAsync(a.zip)).files);
    expect(folders.map(f => [f.name, f.dir])).toEqual([
      ['pkg/', true],
      ['main.py', false],
      ['pkg/util.py', false],
    ]);
  });

  it.each([
    ['../escape.py', /unsafe path '..\/escape.py'/],
    ['a/../../escape.py', /unsafe path/],
    ['/etc/cron.d/x.py', /unsafe path/],
  ])('refuses the zip-slip path %s', async (path, message) => {
    const zipBase64 = await zipOf({ 'main.py': '', [path]: 'x' });
    await expect(
      ProjectArchive.fromBase64(zipBase64, 'main.py'),
    ).rejects.toThrow(message);
  });

  it('refuses what is not a zip, not base64, or lacks the entrypoint', async () => {
    await expect(
      ProjectArchive.fromBase64('not base64!', 'main.py'),
    ).rejects.toThrow(/not base64/);
    await expect(
      ProjectArchive.fromBase64(
        Buffer.from('hello').toString('base64'),
        'main.py',
      ),
    ).rejects.toThrow(/not a valid zip/);
    await expect(
      ProjectArchive.fromBase64(await zipOf({ 'app.py': '' }), 'main.py'),
    ).rejects.toThrow(
      /entrypoint 'main.py' is not in the project \(files: app.py\)/,
    );
  });

  it('refuses a zip over the size limit before unpacking it', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 1).toString('base64');
    await expect(ProjectArchive.fromBase64(big, 'main.py')).rejects.toThrow(
      /limit is 4194304/,
    );
  });

  it('refuses a zip bomb by its unpacked size', async () => {
    const zip = new JSZip();
    zip.file('main.py', '');
    for (let i = 0; i < 5; i++)
      zip.file(`zeros${i}.bin`, Buffer.alloc(15 * 1024 * 1024));
    const bomb = await zip.generateAsync({
      type: 'nodebuffer',
      compression: 'DEFLATE',
    });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await expect(
      ProjectArchive.fromBase64(bomb.toString('base64'), 'main.py'),
    ).rejects.toThrow(/unpacks to more than/);
    // Deflating 75 MiB in JSZip takes seconds on a busy 2-core machine.
  }, 30_000);
});

describe('ProjectArchive against hostile zips', () => {
  it.each(hostileZips.map(h => [h.name, h] as const))(
    'refuses %s quickly and without growing memory',
    async (_, hostile) => {
      const zipBase64 = hostile.zip().toString('base64');
      // Let the builder's garbage go before measuring what the check itself holds on to.
      global.gc?.();
      const rss = process.memoryUsage().rss;
      const started = performance.now();
      const error = await ProjectArchive.fromBase64(zipBase64, 'main.py').then(
        () => undefined,
        e => e,
      );
      const ms = performance.now() - started;
      const grownMiB = (process.memoryUsage().rss - rss) / 2 ** 20;
      expect(error?.name).toBe('InputError');
      expect(error?.message).toMatch(hostile.refusal);
      expect(ms).toBeLessThan(500);
      expect(grownMiB).toBeLessThan(50);
    },
  );

  it('builds the 1 GiB bomb as about 1 MiB, in well under a second', () => {
    const started = performance.now();
    const bomb = hostileZips[0].zip();
    expect(performance.now() - started).toBeLessThan(1000);
    expect(bomb.length).toBeLessThan(1.1 * 2 ** 20);
  });

  it('accepts what the bounds are meant to allow', async () => {
    const zip = new JSZip();
    zip.file('main.py', 'print(1)');
    zip.file(`${'d/'.repeat(31)}deep.py`, 'x');
    zip.file(`${'n'.repeat(252)}.py`, 'x');
    zip.file('données/été.py', 'x');
    zip.file('data/zeros.bin', Buffer.alloc(32 * 1024 * 1024));
    const archive = await ProjectArchive.fromBase64(
      (
        await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' })
      ).toString('base64'),
      'main.py',
    );
    expect(archive.files.map(f => [f.path, f.content.length])).toEqual([
      ['main.py', 8],
      [`${'d/'.repeat(31)}deep.py`, 1],
      [`${'n'.repeat(252)}.py`, 1],
      ['données/été.py', 1],
      ['data/zeros.bin', 32 * 1024 * 1024],
    ]);
  }, 30_000);
});
