import { afterEach, describe, expect, it, vi } from 'vitest';
import { download } from './download';

describe('download', () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('clicks a temporary link to an object URL, then removes the link and revokes the URL', async () => {
    vi.useFakeTimers();
    const events: string[] = [];
    const link = { href: '', download: '', style: { display: '' }, click: () => events.push('click'), remove: () => events.push('remove') };
    let blob: Blob | null = null;
    vi.stubGlobal('document', { createElement: () => link, body: { append: () => events.push('append') } });
    vi.stubGlobal('URL', {
      createObjectURL: (b: Blob) => ((blob = b), 'blob:1'),
      revokeObjectURL: (u: string) => events.push(`revoke ${u}`),
    });
    download('run.csv', 'a,b\r\n', 'text/csv');
    expect(link).toMatchObject({ href: 'blob:1', download: 'run.csv' });
    expect(events).toEqual(['append', 'click', 'remove']);
    vi.runAllTimers();
    expect(events.at(-1)).toBe('revoke blob:1');
    expect(blob).not.toBeNull();
    const b = blob as unknown as Blob;
    expect(b.type).toBe('text/csv');
    expect(await b.text()).toBe('a,b\r\n');
  });
});
