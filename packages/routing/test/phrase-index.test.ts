import { describe, expect, it } from 'vitest';
import { PhraseIndex } from '../src/phrase-index.ts';

describe('PhraseIndex', () => {
  const phrases = ['停水', '停水停电', '水', '电梯', '电梯坏了', 'A1区', '区', '老人', '人', '停水'];
  const index = new PhraseIndex(phrases);

  it('finds exactly the phrases a search per phrase finds, overlapping and nested ones included', () => {
    const texts = ['', '停水停电三天，电梯坏了，老人出行困难', '停停水水', 'GA1区与A10区', '人人人', '没有水', 'abc'];
    for (const text of texts) {
      expect([...index.foundIn(text)].sort()).toEqual([...new Set(phrases.filter((phrase) => text.includes(phrase)))].sort());
    }
  });

  it('finds a phrase at the very end of the text and ignores empty phrases', () => {
    expect([...new PhraseIndex(['', '电梯']).foundIn('坏的是电梯')]).toEqual(['电梯']);
  });
});
