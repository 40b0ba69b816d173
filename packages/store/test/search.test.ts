import { describe, expect, it } from 'vitest';
import { checkWindow, dateRange, mergeAdjacentMarks, parseInstant } from '../src/search.ts';

describe('mergeAdjacentMarks', () => {
  it('joins the per-character marks of the standard analyzer into one', () => {
    expect(mergeAdjacentMarks('小区<mark>物</mark><mark>业</mark>乱收费')).toBe('小区<mark>物业</mark>乱收费');
    expect(mergeAdjacentMarks('<mark>停</mark><mark>车</mark><mark>场</mark>')).toBe('<mark>停车场</mark>');
  });

  it('keeps marks that something separates apart, and leaves escaped text alone', () => {
    expect(mergeAdjacentMarks('<mark>物业</mark>和<mark>停车</mark>')).toBe('<mark>物业</mark>和<mark>停车</mark>');
    expect(mergeAdjacentMarks('<mark>物</mark> <mark>业</mark>')).toBe('<mark>物</mark> <mark>业</mark>');
    expect(mergeAdjacentMarks('&lt;script&gt;<mark>物</mark><mark>业</mark>')).toBe('&lt;script&gt;<mark>物业</mark>');
    expect(mergeAdjacentMarks('没有匹配')).toBe('没有匹配');
  });
});

describe('parseInstant', () => {
  it('reads a bare date and an offset-less date-time as Asia/Shanghai time', () => {
    expect(new Date(parseInstant('2026-03-01', 'from')).toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(new Date(parseInstant('2026-03-01T08:30:00', 'from')).toISOString()).toBe('2026-03-01T00:30:00.000Z');
  });

  it('honours an explicit offset or Z', () => {
    expect(new Date(parseInstant('2026-03-01T08:30:00Z', 'from')).toISOString()).toBe('2026-03-01T08:30:00.000Z');
    expect(new Date(parseInstant('2026-03-01T08:30:00-05:00', 'from')).toISOString()).toBe('2026-03-01T13:30:00.000Z');
  });

  it('refuses what is not a date with a coded, non-retriable error', () => {
    expect(() => parseInstant('yesterday', 'since')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', retriable: false }));
  });

  it('builds a half-open range only for the bounds given', () => {
    expect(dateRange('receivedAt', undefined, undefined)).toEqual([]);
    expect(dateRange('receivedAt', '2026-03-01', '2026-03-02')).toEqual([
      { range: { receivedAt: { gte: '2026-02-28T16:00:00.000Z', lt: '2026-03-01T16:00:00.000Z' } } },
    ]);
  });
});

describe('checkWindow', () => {
  it('allows up to the 10,000th result and refuses beyond, saying so', () => {
    expect(() => checkWindow(9_900, 100, 'page')).not.toThrow();
    expect(() => checkWindow(9_901, 100, 'page')).toThrow(/first 10000/);
    expect(() => checkWindow(0, 0, 'page')).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
