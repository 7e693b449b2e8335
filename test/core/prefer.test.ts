import { MAX_DELAY_MS, parseDelayRange, parsePrefer, PreferError } from '../../src/core/control/prefer';

describe('parsePrefer', () => {
  it.each([
    [undefined, {}],
    ['', {}],
    ['code=504', { code: 504 }],
    ['code=504, delay=1500', { code: 504, delayMs: 1500 }],
    ['delay=10; code="404"', { code: 404, delayMs: 10 }],
    ['code = 502', { code: 502 }],
  ])('reads %j as %j', (header, preference) => {
    expect(parsePrefer(header)).toEqual(preference);
  });

  it.each(['return=minimal', 'code=abc', 'code=', 'code=504, code=200', 'delay=1; delay=2', `delay=${MAX_DELAY_MS + 1}`, 'code=1234567'])(
    'refuses %j, saying what it accepts',
    (header) => {
      expect(() => parsePrefer(header)).toThrow(PreferError);
      expect(() => parsePrefer(header)).toThrow(/Prefer accepts code=/);
    },
  );
});

describe('parseDelayRange', () => {
  it('reads a range or one number', () => {
    expect(parseDelayRange('200-800')).toEqual({ min: 200, max: 800 });
    expect(parseDelayRange(' 5 ')).toEqual({ min: 5, max: 5 });
  });

  it.each(['9-1', 'x', `0-${MAX_DELAY_MS + 1}`])('refuses %j', (text) => {
    expect(() => parseDelayRange(text)).toThrow(PreferError);
  });
});
