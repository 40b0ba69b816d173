import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CIVIC_DICT_PATH, segment, toIndexTokens } from '../src/index.ts';

describe('segment', () => {
  it('cuts a citizen complaint into words and drops whitespace', () => {
    expect(segment('夜间 施工噪音扰民')).toEqual(['夜间', '施工', '噪音扰民']);
  });

  it('joins tokens with single spaces for the whitespace-analyzed index field', () => {
    expect(toIndexTokens('物业不作为')).toBe(segment('物业不作为').join(' '));
    expect(toIndexTokens('物业不作为').split(' ').length).toBeGreaterThan(1);
  });
});

describe('civic dictionary', () => {
  it.each([
    ['楼下有人私搭乱建，占了消防通道', '私搭乱建'],
    ['小区门口的僵尸车停了半年', '僵尸车'],
    ['菜贩占道经营，电动车乱停乱放', '占道经营'],
    ['菜贩占道经营，电动车乱停乱放', '乱停乱放'],
    ['工地晚上噪音扰民', '噪音扰民'],
    ['我们小区的业委会不开会', '业委会'],
    ['渣土车半夜经过洒了一路泥', '渣土车'],
    ['一楼饭店油烟扰民', '油烟扰民'],
    ['地下停车位只租不售', '停车位'],
    ['创建文明城市期间', '文明城市'],
    ['新来的物业管理很混乱', '物业管理'],
    ['对面的违章建筑一直没拆', '违章建筑'],
    ['包工头拖欠工资半年了', '拖欠工资'],
    ['工地上的农民工很辛苦', '农民工'],
    ['办理不动产登记要多久', '不动产登记'],
    ['离职后公积金怎么提取', '公积金'],
    ['异地看病医保能报吗', '医保'],
    ['换工作后社保怎么转', '社保'],
    ['小学的学位不够了', '学位'],
    ['校外培训乱象严重', '校外培训'],
    ['楼道加装电梯的补贴', '加装电梯'],
    ['网约车司机绕路', '网约车'],
    ['小区里装了充电桩', '充电桩'],
  ])('keeps a civic term whole in context: %s → %s', (text, term) => {
    expect(segment(text)).toContain(term);
  });

  it('does not glue a civic word across a word boundary', () => {
    expect(segment('小学位于城区')).toEqual(['小学', '位于', '城区']);
    expect(segment('小区停车位被外来车辆占用')).toContain('小区');
  });

  it('is a well-formed jieba user dictionary of a few hundred unique words', () => {
    const lines = readFileSync(CIVIC_DICT_PATH, 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(200);
    for (const line of lines) expect(line).toMatch(/^\p{Script=Han}{2,8} [1-9][0-9]* [a-z]+$/u);
    const words = lines.map((line) => line.split(' ')[0]);
    expect(new Set(words).size).toBe(words.length);
  });
});
