import { describe, expect, it } from 'vitest';
import { encodeCuts, segment, segmentWithCuts, tokensFromCuts } from '../src/index.ts';

describe('cuts: where jieba cut a text, carried instead of the tokens', () => {
  const texts = [
    'A3区东湖街道锦绣华庭小区北门有三辆僵尸车停了快一年，一直占着消防通道。',
    '  前后有空格  和\t制表符\n换行 ',
    `网址 https://example.org/${'a'.repeat(80)} 很长的拉丁词`,
    '',
  ];

  it.each(texts)('gives back exactly the tokens segment gives (%#)', (text) => {
    const { tokens, cuts } = segmentWithCuts(text);
    expect(tokens).toEqual(segment(text));
    expect(tokensFromCuts(text, cuts)).toEqual(tokens);
  });

  it('writes one character per token, and tokens longer than 35 characters in brackets', () => {
    expect(encodeCuts(['小区', '，', 'x'.repeat(36)])).toBe('21(10)');
  });

  it('answers undefined for cuts that do not fit the text, so the caller segments instead', () => {
    expect(tokensFromCuts('路灯不亮', '22')).toEqual(['路灯', '不亮']);
    expect(tokensFromCuts('路灯不亮', '2')).toBeUndefined();
    expect(tokensFromCuts('路灯不亮', '23')).toBeUndefined();
    expect(tokensFromCuts('路灯不亮', '2(2')).toBeUndefined();
    expect(tokensFromCuts('路灯不亮', '0')).toBeUndefined();
  });
});
