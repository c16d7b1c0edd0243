import { parseServerTiming, ServerTiming } from '../server-timing';

describe('ServerTiming', () => {
  it('sends its phases and the total as one Server-Timing header that parses back', () => {
    const headers = new Map<string, string>();
    const res = { headersSent: false, setHeader: (name: string, value: string) => headers.set(name, value) };
    const timing = new ServerTiming(res, 100);
    timing.add('auth', 1.234);
    timing.add('features', 5, '12 of 200 vectorised');
    timing.add('quoted', 2, 'says "hi"');
    expect(timing.header(110)).toBe(
      'auth;dur=1.23, features;dur=5.00;desc="12 of 200 vectorised", quoted;dur=2.00;desc="says hi", total;dur=10.00',
    );
    timing.send();
    const parsed = parseServerTiming(headers.get('Server-Timing'));
    expect([...parsed.keys()]).toEqual(['auth', 'features', 'quoted', 'total']);
    expect(parsed.get('features')).toEqual({ dur: 5, desc: '12 of 200 vectorised' });
    expect(parsed.get('auth')).toEqual({ dur: 1.23, desc: undefined });
  });

  it('measures a step also when it fails, and never sets a header once the response has started', async () => {
    const res = { headersSent: true, setHeader: jest.fn() };
    const timing = new ServerTiming(res);
    await expect(timing.measure('demand', () => Promise.reject(new Error('不存在')))).rejects.toThrow('不存在');
    expect(parseServerTiming(timing.header()).has('demand')).toBe(true);
    timing.send();
    expect(res.setHeader).not.toHaveBeenCalled();
  });

  it('skips what is not a metric with a duration', () => {
    expect([...parseServerTiming('cache;desc="hit", db;dur=53, , miss').keys()]).toEqual(['db']);
    expect(parseServerTiming(undefined).size).toBe(0);
  });
});
