import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyFine, FineCatalogError, loadFineCatalog, parseFineCatalog } from '../src/index.ts';
import { CITY_DIR } from './fixtures.ts';

const catalog = loadFineCatalog(path.resolve(CITY_DIR, '../fine-categories.json'));

describe('classifyFine on the committed phrase catalog', () => {
  it('covers every node of the 7 classes the classifier predicts, with phrases for every node not named 其他', () => {
    for (const level1 of ['城乡建设', '劳动和社会保障', '教育文体', '商贸旅游', '环境保护', '卫生计生', '交通运输']) {
      const nodes = catalog.nodes.filter((node) => node.level1 === level1);
      expect(nodes.length).toBeGreaterThan(10);
      for (const node of nodes) if (!(node.level3 ?? node.level2).includes('其他')) expect(node.phrases.length, `${node.level2}/${node.level3}`).toBeGreaterThan(0);
    }
  });

  it.each([
    ['城乡建设', '小区楼道里燃气管道老化，经常闻到天然气的味道', '城市建设和市政管理', '燃气供应', '天然气'],
    ['城乡建设', '物业公司乱收物业费，业委会也不管', '住房保障与房地产', '物业服务', '物业费'],
    ['城乡建设', '楼顶有人私自搭建违章建筑', '城乡规划', '违章建筑', '违章建筑'],
    ['劳动和社会保障', '公司经常安排加班，不给加班费，双休也没有', '劳动保护', '工作时间和休息休假', '加班费'],
    ['教育文体', '学区划片不合理，新建学校学位紧张', '教育体制', '教育资源配置', '学区'],
    ['环境保护', '工厂晚上排放废气，刺鼻的臭味让人无法入睡', '环境污染', '大气污染', '废气'],
    ['交通运输', '出租车司机拒载还绕路', '出租车管理', undefined, '拒载'],
    ['卫生计生', '餐馆后厨卫生差，吃了以后食物中毒', '食品药品监管', '食品安全', '食物中毒'],
  ])('%s: %s', (level1, text, level2, level3, phrase) => {
    const fine = classifyFine(text, level1, catalog);
    expect(fine.level2).toBe(level2);
    if (level3) expect(fine.level3).toBe(level3);
    expect(fine.path.slice(0, 2)).toEqual([level1, level2]);
    expect(fine.matchedPhrases).toContain(phrase);
    expect(fine.score).toBeGreaterThan(0);
  });

  it('returns the level-1 class only when no phrase matches', () => {
    expect(classifyFine('你好，请问一下', '城乡建设', catalog)).toEqual({ level1: '城乡建设', path: ['城乡建设'], matchedPhrases: [], score: 0 });
    expect(classifyFine('物业费太贵', '不存在的分类', catalog)).toMatchObject({ path: ['不存在的分类'], score: 0 });
  });

  it('counts a phrase inside a longer matched phrase once, as the longer one', () => {
    const tiny = parseFineCatalog({
      nodes: [
        { level1: 'X', level2: '甲', phrases: [] },
        { level1: 'X', level2: '甲', level3: '燃气', phrases: ['燃气', '燃气泄漏'] },
        { level1: 'X', level2: '乙', phrases: ['泄漏'] },
      ],
    });
    const fine = classifyFine('燃气泄漏了', 'X', tiny);
    expect(fine).toMatchObject({ level2: '甲', level3: '燃气', matchedPhrases: ['燃气泄漏'], score: 2 });
  });

  it('rejects a catalog with a level-3 node whose level-2 node is missing, or duplicates', () => {
    expect(() => parseFineCatalog({ nodes: [{ level1: 'X', level2: '甲', level3: '乙', phrases: ['乙'] }] })).toThrow(FineCatalogError);
    expect(() => parseFineCatalog({ nodes: [{ level1: 'X', level2: '甲', phrases: [] }, { level1: 'X', level2: '甲', phrases: [] }] })).toThrow(/duplicate/);
  });
});
