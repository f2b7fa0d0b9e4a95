import { MAX_ALERT_MESSAGE_BYTES, parseAlertMessage } from './alertMessage';

const message = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const alert = {
  user_id: 'u_0007',
  rule: 'burst',
  window_start: '2026-12-01 10:00:00',
  window_end: '2026-12-01 10:00:10',
  event_count: 7,
  detected_at: '2026-12-01 10:00:12.345',
};

describe('parseAlertMessage', () => {
  it("reads an alert as Flink's JSON format writes it, in UTC", () => {
    expect(parseAlertMessage(message(alert))).toEqual({
      row: {
        userId: 'u_0007',
        rule: 'burst',
        windowStartMs: Date.parse('2026-12-01T10:00:00Z'),
        windowEndMs: Date.parse('2026-12-01T10:00:10Z'),
        eventCount: 7,
        detectedAtMs: Date.parse('2026-12-01T10:00:12.345Z'),
      },
    });
  });

  it('reads ISO-8601 timestamps and an alert without a detection time', () => {
    const parsed = parseAlertMessage(
      message({
        ...alert,
        window_start: '2026-12-01T10:00:00.000',
        window_end: '2026-12-01T10:00:10Z',
        detected_at: null,
      }),
    );
    expect(parsed).toEqual({
      row: expect.objectContaining({
        windowStartMs: Date.parse('2026-12-01T10:00:00Z'),
        windowEndMs: Date.parse('2026-12-01T10:00:10Z'),
      }),
    });
    expect('row' in parsed && 'detectedAtMs' in parsed.row).toBe(false);
  });

  it.each([
    ['an empty message', null, /empty/],
    ['not JSON', message('{"user_id":'), /not JSON/],
    ['a missing field', message({ ...alert, rule: undefined }), /rule/],
    ['a bad time', message({ ...alert, window_end: 'soon' }), /window_end/],
    [
      'a date that does not exist',
      message({ ...alert, window_end: '2026-13-45 10:00:00' }),
      /window_end/,
    ],
    ['a negative count', message({ ...alert, event_count: -1 }), /event_count/],
    [
      'a backwards window',
      message({ ...alert, window_end: alert.window_start }),
      /ends before/,
    ],
    [
      'an oversized message',
      Buffer.alloc(MAX_ALERT_MESSAGE_BYTES + 1, 32),
      /bytes/,
    ],
  ])('refuses %s, saying why', (_what, value, why) => {
    const parsed = parseAlertMessage(value);
    expect(parsed).toEqual({ error: expect.stringMatching(why) });
  });
});
