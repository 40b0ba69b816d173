import { describe, expect, it } from 'vitest';
import { segmentForFeatures, STOPWORDS } from '../src/index.ts';

describe('STOPWORDS', () => {
  it('holds function words, hotline courtesies and punctuation', () => {
    for (const word of ['的', '了', '是', '在', '和', '也', '就', '都', '而', '及', '与', '着', '或', '一个', '没有', '我们',
      '你们', '他们', '请', '您好', '尊敬', '领导', '谢谢', '，', '。', '！', '？', '、', '“', '”', ',', '.']) {
      expect(STOPWORDS.has(word), word).toBe(true);
    }
  });

  it('leaves out the words that carry the case', () => {
    for (const word of ['物业', '噪音扰民', '拖欠工资', '学位', '小区', '投诉']) expect(STOPWORDS.has(word), word).toBe(false);
  });
});

describe('segmentForFeatures', () => {
  it('drops courtesies, function words and punctuation', () => {
    expect(segmentForFeatures('尊敬的领导您好！我们小区的渣土车噪音扰民，谢谢！'))
      .toEqual(['小区', '渣土车', '噪音扰民']);
  });

  it('drops numbers and single Latin letters, lower-cases Latin words', () => {
    const features = segmentForFeatures('2020年5月22日 B栋电梯坏了，APP报修 1.5 小时没人来');
    expect(features).toEqual(expect.arrayContaining(['电梯', 'app', '小时']));
    for (const dropped of ['2020', '5', '22', '1.5', 'b', 'B', 'APP', '年', '，']) expect(features).not.toContain(dropped);
  });

  it('normalizes first: fullwidth and traditional text gives the same features', () => {
    expect(segmentForFeatures('ＡＰＰ報修，電梯壞了')).toEqual(segmentForFeatures('APP报修，电梯坏了'));
  });
});
