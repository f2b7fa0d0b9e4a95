import JSZip from 'jszip';
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
      /limit is 8388608/,
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
