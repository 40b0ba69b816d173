import type { ResolvedLocation } from '@hotline/contracts';
import { describe, expect, it } from 'vitest';
import { createRouter, loadCityConfig, parseCityConfig, resolveLocation, type RouteInput } from '../src/index.ts';
import { CITY_DIR, smallCity } from './fixtures.ts';

const config = parseCityConfig(smallCity());
const router = createRouter(config);

const nowhere: ResolvedLocation = { matched: [], source: 'none' };
const inX1: ResolvedLocation = { district: 'X1区', matched: ['X1区'], source: 'text' };
const inLanting: ResolvedLocation = { district: 'X1区', street: '兰亭街道', matched: ['兰亭街道'], source: 'text' };
const inX2: ResolvedLocation = { district: 'X2县', street: '石门镇', matched: ['石门镇'], source: 'field' };

const input = (overrides: Partial<RouteInput>): RouteInput => ({ category: '城乡建设', confidence: 0.9, text: '', location: nowhere, ...overrides });

describe('createRouter: routed', () => {
  it('sends a district ticket to the district\'s department', () => {
    const decision = router.route(input({ text: '楼顶有人私自搭建阳光房', location: inX1 }));
    expect(decision).toEqual({
      status: 'routed',
      department: { id: 'x1-urban', name: 'X1区城市管理和综合执法局' },
      coDepartments: [],
      rule: { id: 'r-illegal', description: '违法建设由城管部门主办（命中关键词：搭建）；按属地派至X1区' },
    });
  });

  it('sends a ticket without a location to the city department', () => {
    const decision = router.route(input({ text: '楼顶有人私自搭建阳光房' }));
    expect(decision).toMatchObject({ status: 'routed', department: { id: 'x-urban' } });
    if (decision.status === 'routed') expect(decision.rule.description).toContain('未识别所在区县，由市级部门承办');
  });

  it('falls back to the city department when the district has no office for the function', () => {
    const decision = router.route(input({ text: '小区里其他问题', location: inX2 }));
    expect(decision).toMatchObject({ status: 'routed', department: { id: 'x-housing' }, rule: { id: 'r-housing' } });
    if (decision.status === 'routed') expect(decision.rule.description).toContain('X2县无对应部门，由市级部门承办');
  });

  it('refines the category by keywords and resolves the co-handling street office by location', () => {
    const decision = router.route(input({ text: '物业不作为，业委会也不管', location: inLanting }));
    expect(decision).toEqual({
      status: 'routed',
      department: { id: 'x1-housing', name: 'X1区住房和城乡建设局' },
      coDepartments: [{ id: 'x1-lanting-office', name: 'X1区兰亭街道办事处' }],
      rule: { id: 'r-property', description: '物业管理由住建部门主办，街道协办（命中关键词：物业、业委会）；按属地派至X1区' },
    });
  });

  it('uses the district government when the street has no office, and drops a co-department that cannot be placed', () => {
    const inX2only: ResolvedLocation = { district: 'X2县', matched: ['X2县'], source: 'text' };
    expect(router.route(input({ text: '物业乱收费', location: inX2only }))).toMatchObject({
      department: { id: 'x-housing' },
      coDepartments: [{ id: 'x2-government' }],
    });
    expect(router.route(input({ text: '物业乱收费' }))).toMatchObject({ department: { id: 'x-housing' }, coDepartments: [] });
  });

  it('prefers the rule with the most keyword hits, then the one listed first', () => {
    expect(router.route(input({ text: '物业和业委会纵容违建' }))).toMatchObject({ rule: { id: 'r-property' } });
    expect(router.route(input({ text: '违建违建，物业不管' }))).toMatchObject({ rule: { id: 'r-illegal' } });
    expect(router.route(input({ text: '物业搭建了违规板房' }))).toMatchObject({ rule: { id: 'r-property' } });
  });

  it('routes a rule that names a department there, wherever the ticket is', () => {
    expect(router.route(input({ text: '公积金提取太难', location: inX1 }))).toMatchObject({
      status: 'routed',
      department: { id: 'x-fund', name: 'X市住房公积金管理中心' },
    });
  });

  it('keeps a specialized department out of function lookups but honours cityDepartment', () => {
    expect(router.route(input({ category: '教育文体', text: '球场灯坏了' }))).toMatchObject({ department: { id: 'x-sports' } });
    expect(router.route(input({ category: '教育文体', text: '球场灯坏了', location: inX1 }))).toMatchObject({ department: { id: 'x1-culture' } });
  });

  it('sends a city-scope rule to the city even when the district is known', () => {
    const decision = router.route(input({ category: '交通运输', text: '公交太挤', location: inX1 }));
    expect(decision).toMatchObject({ status: 'routed', department: { id: 'x-transport' } });
    if (decision.status === 'routed') expect(decision.rule.description).toContain('由市级部门统一承办');
  });
});

describe('createRouter: manual triage', () => {
  it('sends a low-confidence ticket to manual triage with suggestions from the likely categories', () => {
    const decision = router.route(input({
      confidence: 0.31,
      alternatives: [{ category: '交通运输', probability: 0.4 }, { category: '教育文体', probability: 0.05 }],
      text: '小区门口的球场被占用',
      location: inX1,
    }));
    expect(decision.status).toBe('manual');
    if (decision.status !== 'manual') return;
    expect(decision.reason.code).toBe('low_confidence');
    expect(decision.reason.message).toBe('分类置信度 31% 低于阈值 50%（最可能的分类：城乡建设），请人工确认分类后派单');
    expect(decision.suggestions.map((suggestion) => suggestion.id)).toEqual(['x-transport', 'x1-housing', 'x1-culture']);
    expect(decision.suggestions[0]?.why).toBe('分类“交通运输”（40%）：交通运输由市交通运输局统一承办；由市级部门统一承办');
  });

  it('writes a confidence and its threshold with the decimals it takes to tell them apart', () => {
    const message = (confidence: number) => {
      const decision = createRouter(config, { minConfidence: 0.9692 }).route(input({ confidence, text: '小区门口的球场被占用', location: inX1 }));
      return decision.status === 'manual' ? decision.reason.message : decision.status;
    };
    expect(message(0.31)).toContain('分类置信度 31% 低于阈值 97%');
    expect(message(0.965)).toContain('分类置信度 96.5% 低于阈值 96.9%');
    expect(message(0.9691)).toContain('分类置信度 96.91% 低于阈值 96.92%');
  });

  it('honours minConfidence and rejects a threshold outside [0, 1]', () => {
    const strict = createRouter(config, { minConfidence: 0.95 });
    expect(strict.route(input({ text: '物业' }))).toMatchObject({ status: 'manual', reason: { code: 'low_confidence' } });
    expect(createRouter(config, { minConfidence: 0.2 }).route(input({ confidence: 0.3, text: '物业' }))).toMatchObject({ status: 'routed' });
    expect(() => createRouter(config, { minConfidence: 1.5 })).toThrow(RangeError);
  });

  it('sends a category with no rule to manual triage, suggesting the alternatives and the district government', () => {
    const decision = router.route(input({
      category: '民政',
      alternatives: [{ category: '城乡建设', probability: 0.2 }],
      text: '低保审核太慢',
      location: inX1,
    }));
    expect(decision).toMatchObject({ status: 'manual', reason: { code: 'no_catalog_rule', message: '派单目录中没有分类“民政”的规则，转12345人工派单' } });
    if (decision.status === 'manual') {
      expect(decision.suggestions).toEqual([
        { id: 'x1-housing', name: 'X1区住房和城乡建设局', why: '分类“城乡建设”（20%）：城乡建设其他事项由住建部门主办；按属地派至X1区' },
        { id: 'x1-government', name: 'X1区人民政府', why: '属地兜底：X1区人民政府统筹' },
      ]);
    }
  });

  it('sends a rule that needs a district to manual triage when the location is unknown', () => {
    const decision = router.route(input({ text: '拆迁补偿不到位' }));
    expect(decision).toMatchObject({ status: 'manual', reason: { code: 'location_unresolved' } });
    if (decision.status === 'manual') {
      expect(decision.reason.message).toContain('r-expropriation');
      expect(decision.suggestions[0]).toMatchObject({ id: 'x-housing' });
    }
    expect(router.route(input({ text: '拆迁补偿不到位', location: inX2 }))).toMatchObject({ status: 'routed', department: { id: 'x2-government' } });
  });
});

describe('the demo city\'s catalog', () => {
  const city = loadCityConfig(CITY_DIR);
  const demo = createRouter(city);
  const routeText = (category: string, text: string) => demo.route({ category, confidence: 0.8, text, location: resolveLocation(text, undefined, city.gazetteer) });

  it('routes a district matter to the district bureau and a city-wide one to the city', () => {
    expect(routeText('城乡建设', 'A3区洋湖街道某小区物业把公共绿地改成停车位')).toMatchObject({
      // Street offices answered most property complaints (evaluate-against-replies.ts): the street leads when known.
      department: { id: 'a3-yanghu-subdistrict-office' },
      coDepartments: [{ id: 'a3-housing' }],
      rule: { id: 'cx-property' },
    });
    expect(routeText('交通运输', '网约车司机故意绕路多收钱')).toMatchObject({ department: { id: 'a-transport' }, rule: { id: 'tr-taxi' } });
  });

  it('knows the keyword-refined rules: occupation of roads to urban management, provident fund to its centre', () => {
    expect(routeText('城乡建设', '泉塘街道夜市摊贩占道经营到凌晨')).toMatchObject({
      department: { id: 'a7-quantang-subdistrict-office' }, coDepartments: [{ id: 'a7-urban-management' }], rule: { id: 'cx-city-appearance' },
    });
    expect(routeText('城乡建设', 'A7县夜市摊贩占道经营到凌晨')).toMatchObject({ department: { id: 'a7-urban-management' }, rule: { id: 'cx-city-appearance' } });
    expect(routeText('劳动和社会保障', 'A5区单位不给缴住房公积金')).toMatchObject({ department: { id: 'a-housing-provident-fund' } });
    expect(routeText('卫生计生', 'A9市一家药店卖过期药品')).toMatchObject({ department: { id: 'a9-market-regulation' }, coDepartments: [{ id: 'a9-health' }] });
    expect(routeText('交通运输', 'A1区某路口信号灯坏了好几天')).toMatchObject({ department: { id: 'a1-traffic-police' } });
  });

  it('lets a county have its own power company and sends the rest of the city to the city company', () => {
    expect(routeText('城乡建设', 'A7县北山镇经常停电')).toMatchObject({ department: { id: 'a7-power-supply' } });
    expect(routeText('城乡建设', 'A2区一小区经常停电')).toMatchObject({ department: { id: 'a-power-supply' } });
  });
});
