import { LineBatcher } from '../../src/core/record/line-batcher';

describe('log line batching', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('hands on a chunk as soon as it reaches the chunk size, lines whole and in order', () => {
    const chunks: string[] = [];
    const batcher = new LineBatcher({ write: (text) => chunks.push(text) }, 28, 100); // two 14-character lines
    for (let i = 0; i < 5; i += 1) batcher.write(`line number ${i}\n`);
    expect(chunks).toEqual(['line number 0\nline number 1\n', 'line number 2\nline number 3\n']);
    batcher.flush();
    expect(chunks.join('')).toBe([0, 1, 2, 3, 4].map((i) => `line number ${i}\n`).join(''));
  });

  it('shows the lines of a quiet server after the delay at most', () => {
    const chunks: string[] = [];
    const batcher = new LineBatcher({ write: (text) => chunks.push(text) }, 4096, 100);
    batcher.write('one\n');
    jest.advanceTimersByTime(99);
    expect(chunks).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(chunks).toEqual(['one\n']);
    batcher.write('two\n');
    jest.advanceTimersByTime(100);
    expect(chunks).toEqual(['one\n', 'two\n']);
  });

  it('writes nothing when there is nothing held', () => {
    const chunks: string[] = [];
    const batcher = new LineBatcher({ write: (text) => chunks.push(text) });
    batcher.flush();
    jest.advanceTimersByTime(1000);
    expect(chunks).toEqual([]);
  });
});
