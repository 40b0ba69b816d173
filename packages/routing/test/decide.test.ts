import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideRouting, effectiveMinConfidence, loadCityConfig, loadFineCatalog, type RoutingClassifier } from '../src/index.ts';
import { CITY_DIR } from './fixtures.ts';

const city = loadCityConfig(CITY_DIR);
const fineCatalog = loadFineCatalog(path.resolve(CITY_DIR, '../fine-categories.json'));

/** A classifier that always answers the same: the tests decide what the model said. */
function stub(category: string, confidence: number, gatingThreshold?: number): RoutingClassifier {
  return {
    classify: () => ({ category, confidence, alternatives: [], modelVersion: 'stub' }),
    ...(gatingThreshold !== undefined ? { gatingThreshold } : {}),
  };
}

const decide = (body: string, category: string, confidence = 0.9) => decideRouting({ title: null, body }, { classifier: stub(category, confidence), city, fineCatalog });

describe('decideRouting: urgent cases', () => {
  it.each([
    ['环境保护', 0.9], ['城乡建设', 0.9], ['环境保护', 0.2],
  ])('sends a gas leak to the gas utility, not ecology (classified %s at %s)', (category, confidence) => {
    const outcome = decide('A3区洋湖街道某小区楼道里闻到很浓的煤气味，已经半个小时了', category, confidence);
    expect(outcome.urgency.priority).toBe('urgent');
    expect(outcome.decision).toMatchObject({ status: 'routed', department: { id: 'a-gas' }, rule: { id: 'x-gas-leak' } });
    if (outcome.decision.status === 'routed') expect(outcome.decision.rule.description).toContain('gas-leak');
  });

  it('sends a fire to the fire brigade', () => {
    const outcome = decide('A5区某小区垃圾站起火了，火很大', '环境保护');
    expect(outcome.urgency.priority).toBe('urgent');
    expect(outcome.decision).toMatchObject({ department: { id: 'a-fire-rescue' }, rule: { id: 'x-fire' } });
  });

  it('sends electrocution danger to the power company', () => {
    const outcome = decide('A7县北山镇路边电线断落在地上，有人差点触电', '城乡建设');
    expect(outcome.urgency.priority).toBe('urgent');
    expect(outcome.decision).toMatchObject({ department: { id: 'a7-power-supply' }, rule: { id: 'x-electric-shock' } });
  });

  it('sends a collapse to the street office on the spot, the emergency bureau when the street is unknown', () => {
    const onStreet = decide('A7县泉塘街道一处挡土墙坍塌，压住了路', '城乡建设');
    expect(onStreet.urgency.priority).toBe('urgent');
    expect(onStreet.decision).toMatchObject({ department: { id: 'a7-quantang-subdistrict-office' }, rule: { id: 'x-collapse' } });
    expect(decide('A5区一处挡土墙坍塌了', '城乡建设').decision).toMatchObject({ department: { id: 'a5-emergency' } });
  });

  it('raises a flooded street (内涝) to urgent and sends it to water affairs', () => {
    const outcome = decide('A7县星沙街道下大雨后内涝严重，一楼住户家里被淹', '城乡建设');
    expect(outcome.urgency.priority).toBe('urgent');
    expect(outcome.decision).toMatchObject({ department: { id: 'a7-water-resources' }, rule: { id: 'x-flooding' } });
  });

  it('routes a long letter that tells of a fire on the way to its matter by its category, as high', () => {
    const letter = 'A7县星沙街道某小区的业主反映：开发商交房时承诺的绿化和健身设施至今没有建成，原来规划的小花园被改成了停车场，'
      + '业主多次向物业和开发商反映都被推诿，物业费却一分不少地收。小区里老人和孩子没有活动的地方，只能在车道上散步，很不安全。'
      + '售楼时的宣传册上写得清清楚楚，现在开发商却说那只是效果图，不作为交房标准。'
      + '我们希望住建部门督促开发商按规划建设，还业主一个像样的小区环境。另外，小区的消防通道也被车堵着，上个月隔壁楼起火时消防车绕了好久。';
    expect(letter.length).toBeGreaterThan(200);
    const outcome = decide(letter, '城乡建设');
    expect(outcome.urgency.priority).toBe('high');
    expect(outcome.urgency.signals).not.toContain('fire');
    expect(outcome.decision.status).toBe('routed');
    if (outcome.decision.status === 'routed') expect(outcome.decision.rule.id).not.toMatch(/^x-/);
  });

  it('does not treat a past or hypothetical gas leak as one', () => {
    const outcome = decide('担心万一燃气泄漏怎么办，请燃气公司来检查一下管道', '城乡建设');
    expect(outcome.urgency.signals).not.toContain('gas-leak');
    expect(outcome.decision).toMatchObject({ rule: { id: 'cx-gas-heating' } });
  });
});

describe('decideRouting: fine categories, fallback, manual', () => {
  it('carries the fine category and lets a fine-category rule decide', () => {
    const outcome = decide('A5区工厂晚上排放废气，刺鼻的臭味', '环境保护');
    expect(outcome.fine).toMatchObject({ level2: '环境污染', level3: '大气污染' });
    expect(outcome.decision).toMatchObject({ department: { id: 'a5-ecology' }, rule: { id: 'ep-air' } });
    if (outcome.decision.status === 'routed') expect(outcome.decision.rule.description).toContain('细分类：环境污染/大气污染');
  });

  it('uses the fallback owner (兜底, the district government) for a category without rules, and the 12345 manual queue without a district', () => {
    const placed = decide('A6区有个问题想反映一下', '政法');
    expect(placed.decision).toMatchObject({ status: 'routed', department: { id: 'a6-government' }, rule: { id: 'fallback' } });
    if (placed.decision.status === 'routed') expect(placed.decision.rule.description).toContain('兜底');
    const unplaced = decide('有个问题想反映一下', '政法');
    expect(unplaced.decision).toMatchObject({ status: 'manual', reason: { code: 'no_catalog_rule' } });
    if (unplaced.decision.status === 'manual') expect(unplaced.decision.reason.message).toContain('12345');
  });

  it('sends a low-confidence ticket to manual triage, with the classifier\'s gating threshold as the default', () => {
    expect(decide('物业不作为', '城乡建设', 0.3).decision).toMatchObject({ status: 'manual', reason: { code: 'low_confidence' } });
    expect(effectiveMinConfidence({ classifier: stub('城乡建设', 0.5, 0.7) })).toBe(0.7);
    expect(effectiveMinConfidence({ classifier: stub('城乡建设', 0.5) })).toBe(0.5);
    expect(effectiveMinConfidence({ classifier: stub('城乡建设', 0.5, 0.7), minConfidence: 0.4 })).toBe(0.4);
    const gated = decideRouting({ body: '物业不作为' }, { classifier: stub('城乡建设', 0.6, 0.7), city, fineCatalog });
    expect(gated.decision.status).toBe('manual');
  });

  it('normalizes the text before deciding', () => {
    const outcome = decideRouting({ title: 'Ａ７县　物业', body: '物業不作為' }, { classifier: stub('城乡建设', 0.9), city, fineCatalog });
    expect(outcome.text).toContain('A7县');
    expect(outcome.location.district).toBe('A7县');
  });
});
