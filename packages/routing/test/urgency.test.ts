import { describe, expect, it } from 'vitest';
import { segment } from '@hotline/text';
import { assessUrgency, detectUrgency } from '../src/index.ts';

const priorityOf = (text: string, kind?: string): string => detectUrgency(text, kind).priority;

describe('detectUrgency: urgent', () => {
  it.each([
    ['三楼楼道里的电动车着火了，烟很大', '火情'],
    ['厨房里闻到很浓的煤气味，不敢开灯', '燃气泄漏'],
    ['单元楼下燃气管道破裂在往外喷', '燃气泄漏'],
    ['路边电线掉落在人行道上，有人差点触电', '触电'],
    ['小区挡土墙昨晚坍塌，压住了两辆车', '坍塌'],
    ['我们被困在3号楼电梯里二十分钟了', '被困'],
    ['电梯困人，里面有个老人', '被困'],
    ['工地上有人受伤，现在还没有救护车来', '受伤'],
    ['河边有小孩溺水', '溺水'],
    ['隔壁餐馆刚才发生爆炸，玻璃全碎了', '爆炸'],
    ['这栋危房墙体开裂严重，随时可能倒塌', '危房'],
    ['路口的井盖丢失了，晚上看不见', '井盖'],
  ])('%s', (text, reason) => {
    const urgency = detectUrgency(text);
    expect(urgency.priority).toBe('urgent');
    expect(urgency.reasons.join(' ')).toContain(reason);
  });
});

describe('detectUrgency: high', () => {
  it.each([
    ['小区从昨天早上开始停水，到现在还没来水', '停水'],
    ['整栋楼停电一天了，冰箱里的东西都坏了', '停电'],
    ['天然气公司突然停气，没法做饭', '停气'],
    ['暖气不热，屋里只有十度', '供暖'],
    ['楼下下水道堵塞，污水外溢到路上', '下水道'],
    ['小区电梯坏了一个星期没人修', '电梯'],
    ['独居老人摔倒后无人照顾', '弱势群体'],
    ['未经通知停水两天', '停水'],
  ])('%s', (text, reason) => {
    const urgency = detectUrgency(text);
    expect(urgency.priority).toBe('high');
    expect(urgency.reasons.join(' ')).toContain(reason);
  });

  it('treats a request (求助) for a vulnerable person as high', () => {
    expect(priorityOf('家中有瘫痪的老人，想申请上门服务', 'request')).toBe('high');
    expect(priorityOf('家中有瘫痪的老人，想申请上门服务', 'consultation')).toBe('normal');
  });

  it('ranks urgent above high and keeps every reason', () => {
    const urgency = detectUrgency('小区停电了，楼道里还起火了');
    expect(urgency.priority).toBe('urgent');
    expect(urgency.reasons).toHaveLength(2);
    expect(urgency.reasons[0]).toContain('火情');
    expect(urgency.reasons[1]).toContain('停电');
  });
});

describe('detectUrgency: negation, hypotheticals and potential risks', () => {
  it.each([
    '昨天检查过了，没有起火，只是烧焦的味道',
    '幸好并未发生爆炸',
    '无人员被困，请尽快维修',
    '消防通道被占，万一发生火灾怎么办',
    '小区存在火灾隐患，希望排查',
    '担心燃气泄漏，请来检查一下',
    '去年这里发生过火灾，现在又堆满杂物',
    '物业说明天会停水',
    '参加了社区的火灾逃生演练',
    '贫困人口的补贴什么时候发',
  ])('%s → normal', (text) => {
    expect(detectUrgency(text)).toEqual({ priority: 'normal', reasons: [] });
  });

  it('counts a keyword when another occurrence of it is not negated', () => {
    expect(priorityOf('上次没有起火，这次真的起火了')).toBe('urgent');
  });

  it('looks only within the clause for a negation', () => {
    expect(priorityOf('没有人管，楼下起火了')).toBe('urgent');
  });
});

describe('detectUrgency: ordinary messages and praise', () => {
  it('is normal with no reasons for an everyday complaint', () => {
    expect(detectUrgency('希望在学校门口增设一个公交站')).toEqual({ priority: 'normal', reasons: [] });
  });

  it('keeps praise normal even when it tells of a fire', () => {
    expect(detectUrgency('感谢消防员及时扑灭了楼里的大火', 'praise')).toEqual({ priority: 'normal', reasons: ['表扬类留言，不按紧急程度处理'] });
  });
});

describe('assessUrgency: an emergency is what the message is about', () => {
  // A letter of the kind the city's message board receives: its matter comes first, an old fire is told on the way.
  const opening = '我们小区的业主想反映停车位的问题。开发商当初承诺每户配一个车位，交房后却把大部分车位卖给了外来人员，业主只能把车停在路边，';
  const middle = '早晚上下班时小区门口经常堵得水泄不通，物业对此一直不管不问，业主找了多次都没有结果，大家都很有意见。我们去售楼处问过，销售说车位归开发商所有，想卖给谁就卖给谁，业主没有优先购买的权利，希望相关部门尽快协调解决，';
  const told = '楼道里堆满杂物，上个月三栋楼道起火，消防车被路边停的车挡在外面进不来。恳请领导重视。';

  it('keeps an emergency near the start of a long message urgent', () => {
    const urgency = assessUrgency(`${told}${opening}${middle}`);
    expect(urgency.priority).toBe('urgent');
    expect(urgency.signals).toContain('fire');
  });

  it('counts an emergency told deep in a long message as high, with no signal for the emergency rules', () => {
    const text = `${opening}${middle}${told}`;
    expect(text.length).toBeGreaterThan(200);
    expect(text.indexOf('起火')).toBeGreaterThan(120);
    const urgency = assessUrgency(text);
    expect(urgency.priority).toBe('high');
    expect(urgency.signals).not.toContain('fire');
    expect(urgency.reasons).toEqual(['火情（起火、着火、火灾）（见于长文后段，按较急处理）：“起火”']);
  });

  it.each([
    ['电梯多次困人，物业一直不处理', '人员被困'],
    ['2017年百年难遇的洪水淹了整条街，至今排水没有改造', '内涝'],
  ])('counts what keeps happening or a dated account as high: %s', (text, reason) => {
    const urgency = assessUrgency(text);
    expect(urgency.priority).toBe('high');
    expect(urgency.signals).toEqual([]);
    expect(urgency.reasons.join(' ')).toContain(reason);
    expect(urgency.reasons.join(' ')).toContain('系反复发生或记述的往事');
  });

  it('keeps a dated emergency urgent when it is said to be now', () => {
    expect(assessUrgency('今天（2026年11月28日）凌晨楼道里起火了').priority).toBe('urgent');
  });

  it.each([
    '随着火车站客流增加，出站口很拥挤',
    '两所学校的差距太大火炬学校的操场还是泥地',
    '请问农村危房改造的补贴怎么申请，我家墙体开裂了',
    '小区存在火灾安全隐患，希望排查',
    '希望在河边修建防落水护栏',
  ])('does not take a keyword jieba reads otherwise, a programme or a precaution for an emergency: %s', (text) => {
    expect(assessUrgency(text).priority).toBe('normal');
  });

  it.each([
    ['隔壁餐馆刚才发生爆炸，玻璃全碎了', 'explosion'],
    ['路口井盖塌陷，刚才有辆电动车差点掉进去', 'manhole'],
    ['孩子掉进水里了，快来人', 'drowning'],
    ['楼下的高压线断了，掉在人行道上', 'electric-shock'],
  ])('reads a keyword inside a longer word, or a stem running into the next word: %s', (text, signal) => {
    const urgency = assessUrgency(text);
    expect(urgency.priority).toBe('urgent');
    expect(urgency.signals).toContain(signal);
  });

  it('decides the same with the caller\'s words as when it segments the text itself', () => {
    for (const text of [`${opening}${middle}${told}`, '随着火车站客流增加，楼道里起火了', '孩子掉进水里了，快来人']) {
      expect(assessUrgency(text, undefined, segment(text))).toEqual(assessUrgency(text));
    }
  });
});
