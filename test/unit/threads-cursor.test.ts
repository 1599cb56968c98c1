import { decodeCursor, encodeCursor, pageSize } from '../../src/threads';

describe('connection cursors', () => {
  it('round-trip the exact sort key, nanoseconds and zone included', () => {
    const cursor = encodeCursor('thread', '2026-02-01T10:00:00.123456789+01:00[Europe/Paris]', 'id-1');
    expect(decodeCursor('thread', cursor)).toEqual({
      afterStartedAt: '2026-02-01T10:00:00.123456789+01:00[Europe/Paris]',
      afterId: 'id-1',
    });
  });

  it('are opaque: no id or date shows through', () => {
    const cursor = encodeCursor('thread', '2026-02-01T10:00:00Z', 'secret-id');
    expect(cursor).not.toContain('secret-id');
    expect(cursor).not.toMatch(/2026|02-01|10:00/);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('refuse garbage, tampered values and a cursor of another connection with BAD_USER_INPUT', () => {
    const tampered = Buffer.from(JSON.stringify([1, 'thread', "x') OR 1=1", 'id'])).toString('base64url');
    for (const bad of ['', 'not-a-cursor', tampered, encodeCursor('interaction', '2026-02-01T10:00:00Z', 'id')]) {
      expect(() => decodeCursor('thread', bad)).toThrow(
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
      );
    }
  });
});

describe('page sizes', () => {
  it('serve first as asked, from 0 up to the cap', () => {
    expect(pageSize(0, 100)).toBe(0);
    expect(pageSize(100, 100)).toBe(100);
  });

  it('default to 20, or to the cap when it is smaller', () => {
    expect(pageSize(null, 100)).toBe(20);
    expect(pageSize(undefined, 5)).toBe(5);
  });

  it('refuse a negative, fractional or too large first, naming the cap', () => {
    for (const bad of [-1, 2.5, 101]) {
      expect(() => pageSize(bad, 100)).toThrow(/from 0 to 100/);
    }
  });
});
