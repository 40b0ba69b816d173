import { describe, expect, it } from 'vitest';
import { segment, toIndexTokens } from '../src/index.ts';

describe('segment', () => {
  it('cuts a citizen complaint into words and drops whitespace', () => {
    expect(segment('夜间 施工噪音扰民')).toEqual(['夜间', '施工', '噪音', '扰民']);
  });

  it('joins tokens with single spaces for the whitespace-analyzed index field', () => {
    expect(toIndexTokens('物业不作为')).toBe(segment('物业不作为').join(' '));
    expect(toIndexTokens('物业不作为').split(' ').length).toBeGreaterThan(1);
  });
});
