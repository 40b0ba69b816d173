import {
  eventIdFor,
  ticketIdFor,
  type Actor,
  type Channel,
  type DepartmentRef,
  type MessageKind,
  type ResolvedLocation,
  type TicketCommand,
  type TicketEvent,
  type TicketReceived,
} from '@hotline/contracts';
import { assessUrgency, createRouter, type CityConfig, type RoutingDecision, type UrgencyAssessment } from '@hotline/routing';
import { segmentWithCuts } from '@hotline/text';
import { seededRandom } from '../../tests/fixtures/citizen-messages.ts';

/**
 * Ticket event logs for the scale benchmarks, written for this project (no data set text): per category, templates
 * of what citizens write, filled with A市's districts, streets and roads from the gazetteer, estates, durations and
 * counts, between varied openings and closings, so that a word such as 燃气 or 拖欠 finds a few per cent of the
 * tickets and a district filter narrows further. Each ticket gets the events the pipeline would have logged:
 * received (masked text, restricted original), triaged, routed by the city's real dispatch catalog (or sent to
 * manual triage), then, by its age, the department's and operator's commands (sign for, reply, resolve, follow up).
 */

interface Template { category: string; kind: MessageKind; title: string; body: string }

const TEMPLATES: Template[] = [
  // 城乡建设
  { category: '城乡建设', kind: 'complaint', title: '{estate}小区停水{duration}无人通知', body: '{district}{street}{estate}小区从{when}开始停水，到现在已经{duration}了，物业和供水公司都没有任何通知，家里老人做饭洗漱都很困难，请供水部门尽快恢复供水。' },
  { category: '城乡建设', kind: 'complaint', title: '物业擅自上涨停车费', body: '{district}{estate}小区物业擅自把地面停车费从每月{n}百元涨到{m}百元，没有经过业主大会表决，也没有公示收费依据，请住建部门核查物业收费是否合规。' },
  { category: '城乡建设', kind: 'complaint', title: '{road}路灯长期不亮', body: '{district}{road}靠近{estate}小区的一段路灯已经坏了{duration}，晚上一片漆黑，行人和骑电动车的经常摔倒，希望市政部门尽快维修路灯。' },
  { category: '城乡建设', kind: 'report', title: '楼顶违章搭建', body: '{district}{street}{estate}小区{n}栋顶楼住户在楼顶违章搭建了一大间彩钢板房，占用公共空间，下雨天楼下渗水，请城管部门依法拆除违建。' },
  { category: '城乡建设', kind: 'report', title: '楼道燃气泄漏气味很浓', body: '{district}{street}{estate}小区{n}栋楼道里闻到很浓的煤气味，怀疑燃气管道泄漏，家里有老人和小孩，请燃气公司马上派人来检修！' },
  { category: '城乡建设', kind: 'complaint', title: '电梯频繁故障', body: '{estate}小区{n}栋的电梯一个月内坏了{m}次，上周还有老人被困在里面半个小时，物业只是简单维修应付，请质监和住建部门督促彻底整改。' },
  { category: '城乡建设', kind: 'complaint', title: '开发商延期交房', body: '{district}{road}{estate}项目合同约定去年年底交房，现在已经延期{duration}，开发商一直不给书面说法，几百户业主还在外面租房，请住建部门介入。' },
  { category: '城乡建设', kind: 'complaint', title: '道路开挖后长期未恢复', body: '{district}{road}人行道被施工单位开挖后{duration}没有恢复，到处是泥土和积水，附近学生上学只能绕到机动车道上走，存在很大安全隐患。' },
  // 劳动和社会保障
  { category: '劳动和社会保障', kind: 'complaint', title: '公司拖欠工资{duration}', body: '我在{district}{road}一家建筑公司做木工，公司已经拖欠我们{n}十多个农民工{duration}的工资，老板一直推脱说工程款没结，请劳动监察部门帮忙讨薪。' },
  { category: '劳动和社会保障', kind: 'consultation', title: '社保转移接续咨询', body: '我之前在外省交了{n}年养老保险，现在回到{district}工作，想咨询养老保险关系怎么转移接续，缴费年限能不能合并计算，需要带哪些材料？' },
  { category: '劳动和社会保障', kind: 'consultation', title: '异地就医医保报销咨询', body: '我父亲在外地住院{n}天，回{district}报销医保时报销比例和之前说的不一样，想咨询异地就医备案和医保报销的具体政策。' },
  { category: '劳动和社会保障', kind: 'complaint', title: '公司不签劳动合同不交社保', body: '{district}{road}一家物流公司招了我们{n}个人，干了{duration}一直不签劳动合同，也不给交社保，辞职时还扣押最后一个月工资，请劳动部门处理。' },
  { category: '劳动和社会保障', kind: 'consultation', title: '失业保险金申领咨询', body: '我在{district}的公司上个月裁员，我交了{n}年失业保险，想问一下失业保险金怎么申领，每个月能领多少，可以领多长时间？' },
  { category: '劳动和社会保障', kind: 'request', title: '退休待遇核定迟迟未办', body: '我母亲去年在{district}社保中心申请退休，材料交齐已经{duration}了，退休待遇还没有核定下来，每次去问都说在审核，请帮忙催办。' },
  // 教育文体
  { category: '教育文体', kind: 'consultation', title: '小学入学学位咨询', body: '我家住在{district}{street}{estate}小区，孩子今年满六岁，想咨询对口的公办小学是哪一所，入学需要准备户口本、房产证还是居住证？' },
  { category: '教育文体', kind: 'complaint', title: '培训机构收费后跑路', body: '{district}{road}一家课外培训机构收了我们几十个家长的学费，每人{n}千多元，{duration}前突然关门，负责人联系不上，请教育部门处理退费。' },
  { category: '教育文体', kind: 'complaint', title: '学校违规收取资料费', body: '{district}{street}一所中学要求每个学生交{n}百元资料费和补课费，不交就不让参加晚自习，家长们意见很大，请教育局核查乱收费问题。' },
  { category: '教育文体', kind: 'suggestion', title: '建议学校体育场周末开放', body: '建议{district}{street}的中小学体育场在周末和寒暑假向周边居民开放，附近{estate}等几个小区没有健身场地，居民只能在马路边锻炼。' },
  { category: '教育文体', kind: 'request', title: '公办幼儿园学位不足', body: '{district}{street}新建了{n}个小区，但附近只有一所公办幼儿园，今年报名的孩子一大半没有学位，请教育部门增加普惠性幼儿园学位。' },
  { category: '教育文体', kind: 'suggestion', title: '建议延长图书馆开放时间', body: '{district}图书馆晚上六点就闭馆，上班族根本没有时间去看书，建议延长开放时间到晚上九点，周末增加自习座位。' },
  // 商贸旅游
  { category: '商贸旅游', kind: 'complaint', title: '旅行社一日游强制购物', body: '我报名了{district}一家旅行社的一日游，导游把我们带到{n}个购物店强制消费，不买就不让上车，还威胁游客，请旅游部门处理。' },
  { category: '商贸旅游', kind: 'complaint', title: '健身房关门预付卡无法退款', body: '{district}{road}一家健身房突然关门停业，办了年卡的{n}百多名会员无法退款，老板电话关机，请市场监管部门调查预付卡跑路问题。' },
  { category: '商贸旅游', kind: 'complaint', title: '超市销售过期食品', body: '我在{district}{road}一家超市买的牛奶已经过期{n}天，找超市退换，店员态度恶劣还说是我自己放过期的，请市场监管部门检查这家超市。' },
  { category: '商贸旅游', kind: 'complaint', title: '商家虚假宣传不予退货', body: '{district}{street}一家家电卖场宣传全场五折，结果价格比网上还贵{n}百元，要求退货时商家拒绝，请市场监督管理部门处理虚假宣传。' },
  { category: '商贸旅游', kind: 'complaint', title: '景区门票价格不透明', body: '{district}一个景区门口标价和售票处价格不一样，每人多收了{n}十元，还强制购买观光车票，请旅游和物价部门核查。' },
  { category: '商贸旅游', kind: 'complaint', title: '装修公司拖延工期', body: '我家在{estate}小区的房子交给一家装修公司装修，合同工期两个月，现在已经拖了{duration}还没完工，还要求加钱，请消费者协会帮忙调解。' },
  // 环境保护
  { category: '环境保护', kind: 'complaint', title: '工厂排放黑烟气味刺鼻', body: '{district}{street}工业园里有一家工厂每天傍晚排放大量黑烟，气味刺鼻，周边{estate}小区的居民不敢开窗，请生态环境部门检查处理。' },
  { category: '环境保护', kind: 'complaint', title: '工地夜间施工噪音扰民', body: '{district}{road}旁边的工地每天晚上十一点以后还在打桩施工，噪音很大，附近居民根本睡不着，请相关部门依法查处夜间施工扰民。' },
  { category: '环境保护', kind: 'complaint', title: '餐馆油烟直排扰民', body: '{district}{street}{estate}小区楼下新开了{n}家餐馆，没有安装油烟净化设备，油烟直接排到居民窗口，请环保部门督促整改。' },
  { category: '环境保护', kind: 'report', title: '河道排放污水发黑发臭', body: '{district}{street}附近的河道有人偷排污水，河水发黑发臭，还有死鱼漂在水面上，已经{duration}了，请环保部门查找排污口。' },
  { category: '环境保护', kind: 'complaint', title: '垃圾中转站臭气熏天', body: '{district}{road}的垃圾中转站离{estate}小区不到五十米，夏天臭气熏天，垃圾经常满溢，蚊蝇很多，请城管和环保部门处理。' },
  { category: '环境保护', kind: 'complaint', title: '广场舞音响噪音扰民', body: '{district}{street}{estate}小区旁边广场每天晚上跳广场舞，音响开得很大，一直到十点多，影响学生学习和老人休息，请相关部门管理。' },
  // 卫生计生
  { category: '卫生计生', kind: 'complaint', title: '药店销售过期药品', body: '我在{district}{road}的一家药店买的感冒药已经过期{n}个月了，店员还不肯退换，请卫生健康和药品监管部门调查处理。' },
  { category: '卫生计生', kind: 'complaint', title: '医院重复收费', body: '我家人在{district}人民医院住院{n}天，出院结算时发现很多检查项目重复收费，找医院问也不给解释，请卫生健康部门核查医院收费。' },
  { category: '卫生计生', kind: 'report', title: '无证诊所非法行医', body: '{district}{street}{estate}小区门口有一家无证诊所，给老人输液打针，没有医师资格，存在很大风险，请卫生健康部门查处非法行医。' },
  { category: '卫生计生', kind: 'consultation', title: '生育登记和生育津贴咨询', body: '我在{district}工作，今年生了二胎，想咨询生育登记在哪里办理，生育津贴怎么申领，需要准备哪些材料？' },
  { category: '卫生计生', kind: 'consultation', title: '儿童疫苗接种预约咨询', body: '{district}{street}社区卫生服务中心的疫苗接种预约总是约不上，孩子的{n}针疫苗已经推迟了{duration}，想咨询还有哪些接种点可以预约。' },
  { category: '卫生计生', kind: 'complaint', title: '餐饮店卫生条件差', body: '{district}{road}一家快餐店后厨卫生很差，老鼠蟑螂到处跑，我吃完后上吐下泻，请食品安全和卫生部门检查这家店。' },
  // 交通运输
  { category: '交通运输', kind: 'request', title: '建议增开公交线路', body: '{district}{street}新建了好几个小区，但附近只有一条公交线路，早高峰等{n}十分钟都挤不上车，建议增开一条到地铁站的公交线路。' },
  { category: '交通运输', kind: 'complaint', title: '出租车拒载绕路', body: '我在{district}{road}打出租车去火车站，司机先是拒载，后来又故意绕路多收了{n}十元，车牌号我已经记下，请交通运输部门处理。' },
  { category: '交通运输', kind: 'suggestion', title: '建议路口增设红绿灯', body: '{district}{road}和学校门口交叉的路口车流量很大，学生上学放学过马路很危险，建议增设红绿灯和斑马线，上下学高峰安排交警执勤。' },
  { category: '交通运输', kind: 'complaint', title: '网约车随意加价', body: '我在{district}用手机叫网约车，行程结束后平台多扣了{n}十元附加费，客服一直推诿，请交通运输部门规范网约车平台收费。' },
  { category: '交通运输', kind: 'complaint', title: '公交车到站不停', body: '{district}{road}站的公交车经常到站不停，司机直接开走，老人和学生等了{n}十分钟也上不了车，请公交公司加强管理。' },
  { category: '交通运输', kind: 'consultation', title: '驾驶证到期换证咨询', body: '我的驾驶证下个月到期，人在{district}工作，想咨询能不能在{district}车管所异地换证，需要体检和哪些材料？' },
];

/** The categories the corpus writes about (the classifier's seven). */
export const CORPUS_CATEGORIES = [...new Set(TEMPLATES.map((template) => template.category))];

const ESTATES = ['阳光', '金色家园', '锦绣华庭', '翠湖', '幸福里', '碧桂园', '万科城', '湘江世纪城', '保利花园', '中建梅溪湖', '枫林绿洲', '新城国际', '芙蓉华天', '东方明珠', '丽发新城', '融科东南海'];
const COMMON_ROADS = ['人民路', '五一大道', '解放西路', '芙蓉路', '建设路', '韶山路', '雨花路', '劳动路', '车站路', '湘府路'];
const DURATIONS = ['三天', '一个星期', '半个月', '一个多月', '两个月', '三个多月', '半年', '将近一年'];
const WHENS = ['前天早上', '上周一', '本月初', '上个月中旬', '昨天晚上', '周末'];
const OPENINGS = ['', '', '您好，', '尊敬的领导：', '市长您好！', '你好，我想反映一个问题。', '各位领导好，'];
const EXTRAS = [
  '这个问题已经反映过多次，一直没有得到解决。',
  '附近住着很多老人和小孩，存在很大的安全隐患。',
  '打了好几次电话都没有人管，希望这次能有个答复。',
  '周边群众意见很大，希望政府重视。',
  '我们已经和对方沟通过，对方态度很差，根本不解决。',
  '希望相关部门尽快调查处理，给老百姓一个交代。',
  '如有需要我可以提供照片和视频作为证据。',
  '之前在网上留言也没有回复。',
];
const CLOSINGS = ['谢谢！', '盼复。', '请尽快处理。', '', '麻烦了，谢谢。'];
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '周'];
/** Channel shares as a hotline sees them: most by phone. */
const CHANNEL_WEIGHTS: Array<[Channel, number]> = [['phone', 50], ['web', 15], ['app', 12], ['wechat', 10], ['suggestion_box', 5], ['sms', 4], ['email', 2], ['other', 2]];
/** Office hours weigh more, as calls do (Asia/Shanghai hours). */
const HOURS = [8, 9, 9, 10, 10, 10, 11, 11, 14, 14, 15, 15, 16, 16, 17, 19, 20, 21];
const REPLIES = ['已安排工作人员现场核实，正在协调处理。', '已联系当事人了解情况，将于近日处理完毕。', '已转交属地街道，督促责任单位整改。'];
const RESOLUTIONS = ['经现场核查，问题已整改到位，已电话告知市民。', '已责令相关单位整改完毕，市民表示认可。', '已按政策解释答复，并协助市民办理相关手续。'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface CorpusOptions {
  seed: number;
  /** Makes source ids, and so ticket ids, unique to the run. */
  runTag: string;
  /** Tickets are received over `days` days up to `end`; nothing happens after `end`. */
  end: Date;
  days: number;
}

/** Returns the events of ticket `index` (call with 0, 1, 2 … : the generator is sequential). */
export function createCorpus(city: CityConfig, options: CorpusOptions): (index: number) => TicketEvent[] {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (low: number, high: number) => low + random() * (high - low);
  const router = createRouter(city);
  const districts = city.gazetteer.districts.map((district) => ({
    name: district.name,
    weight: district.support ?? 1,
    streets: district.streets.map((street) => street.name),
    roads: [...district.places.filter((place) => place.kind === 'road').map((place) => place.name), ...COMMON_ROADS],
  }));
  const totalWeight = districts.reduce((sum, district) => sum + district.weight, 0);
  const pickDistrict = () => {
    let left = random() * totalWeight;
    for (const district of districts) if ((left -= district.weight) < 0) return district;
    return districts.at(-1)!;
  };
  const pickChannel = () => {
    let left = random() * 100;
    for (const [channel, weight] of CHANNEL_WEIGHTS) if ((left -= weight) < 0) return channel;
    return 'other';
  };
  // Routing depends on the category, the place and the template's words, not on the filler: one decision per combination.
  const decisions = new Map<string, { decision: RoutingDecision; urgency: UrgencyAssessment }>();
  const endMs = options.end.getTime();

  return (index) => {
    const templateIndex = Math.floor(random() * TEMPLATES.length);
    const template = TEMPLATES[templateIndex]!;
    const district = pickDistrict();
    const street = random() < 0.7 && district.streets.length > 0 ? pick(district.streets) : undefined;
    const placeNamed = random() < 0.95; // a few messages name no place at all
    const districtText = placeNamed ? district.name : '';
    const slots: Record<string, string> = {
      district: districtText, street: placeNamed ? street ?? '' : '', estate: pick(ESTATES), road: pick(district.roads),
      duration: pick(DURATIONS), when: pick(WHENS), n: String(2 + Math.floor(random() * 8)), m: String(3 + Math.floor(random() * 7)),
    };
    const fill = (text: string) => text.replace(/\{(\w+)\}/g, (_, slot: string) => slots[slot] ?? '');
    const title = fill(template.title);
    const phone = `13${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
    const extras = Array.from({ length: Math.floor(random() * 3) }, () => pick(EXTRAS)).join('');
    const original = `${pick(OPENINGS)}${fill(template.body)}${extras}联系电话${phone}。${pick(CLOSINGS)}`;
    const body = original.replace(phone, `${phone.slice(0, 3)}****${phone.slice(7)}`);

    const receivedMs = endMs - Math.floor(random() * options.days) * DAY - 12 * HOUR;
    const dayStart = receivedMs - (receivedMs + 8 * HOUR) % DAY; // midnight in Shanghai
    const received = Math.min(endMs - HOUR, dayStart + pick(HOURS) * HOUR + Math.floor(random() * HOUR));
    const iso = (ms: number) => new Date(ms).toISOString();
    const channel = pickChannel();
    const sourceId = `${options.runTag}-${index}`;
    const ticketId = ticketIdFor(channel, sourceId);
    const receivedEvent: TicketReceived = {
      type: 'TicketReceived',
      eventId: eventIdFor(ticketId, 'TicketReceived'),
      ticketId,
      occurredAt: iso(received + 2_000),
      producedBy: 'ingest',
      ticket: { channel, sourceId, receivedAt: iso(received), kind: template.kind, title, body, extra: {} },
      restricted: { ...(channel === 'phone' ? { caller: { name: `${pick(SURNAMES)}先生`, phone } } : {}), originalTitle: title, originalBody: original, maskedKinds: ['mobile'] },
      intake: { topic: 'hotline.intake', partition: index % 6, offset: String(index) },
    };

    const confidence = random() < 0.12 ? between(0.25, 0.5) : between(0.55, 0.99);
    const location: ResolvedLocation = placeNamed
      ? { district: district.name, ...(street ? { street } : {}), matched: street ? [district.name, street] : [district.name], source: 'text' }
      : { matched: [], source: 'none' };
    const key = `${templateIndex}|${location.district ?? ''}|${location.street ?? ''}|${confidence < 0.5}`;
    let routed = decisions.get(key);
    if (!routed) {
      const text = `${title}\n${fill(template.body)}`;
      const urgency = assessUrgency(text, template.kind);
      routed = { urgency, decision: router.route({ category: template.category, confidence, text, location, urgencySignals: urgency.signals }) };
      decisions.set(key, routed);
    }
    const { decision, urgency } = routed;
    const others = CORPUS_CATEGORIES.filter((category) => category !== template.category).slice(0, 2);
    const triagedAt = received + 3_000;
    const base = { ticketId, occurredAt: iso(triagedAt), producedBy: 'triage' };
    const events: TicketEvent[] = [
      receivedEvent,
      {
        ...base,
        type: 'TicketTriaged',
        eventId: eventIdFor(ticketId, 'TicketTriaged', receivedEvent.eventId),
        // As triage writes it: where jieba cut title and body, so the rebuild takes its tokens without segmenting.
        cuts: { title: segmentWithCuts(title).cuts, body: segmentWithCuts(body).cuts },
        classification: { category: template.category, confidence, alternatives: [{ category: template.category, probability: confidence }, ...others.map((category, i) => ({ category, probability: (1 - confidence) / (i + 2) }))], modelVersion: 'bench-corpus' },
        fineCategory: { path: [template.category], matchedPhrases: [] },
        location,
        urgency: { priority: urgency.priority, reasons: urgency.reasons },
      },
      decision.status === 'routed'
        ? { ...base, type: 'TicketRouted', eventId: eventIdFor(ticketId, 'TicketRouted', receivedEvent.eventId), department: decision.department, coDepartments: decision.coDepartments, priority: urgency.priority, rule: decision.rule }
        : { ...base, type: 'TicketNeedsManualTriage', eventId: eventIdFor(ticketId, 'TicketNeedsManualTriage', receivedEvent.eventId), reason: decision.reason, priority: urgency.priority, suggestions: decision.suggestions },
    ];

    // What happened since, by age: an operator routes most of the manual queue; departments sign for, reply and
    // resolve; the hotline follows up. Each command is decided on the version before it, as the API does.
    let version = 3;
    let at = triagedAt;
    let department: DepartmentRef | undefined = decision.status === 'routed' ? decision.department : undefined;
    const command = (command: TicketCommand, actor: Actor, after: number): boolean => {
      at += after;
      if (at >= endMs) return false;
      events.push({ type: 'TicketCommandApplied', eventId: eventIdFor(ticketId, 'TicketCommandApplied', command.command, String(version)), ticketId, occurredAt: iso(at), producedBy: 'api', actor, basedOnVersion: version, command });
      version += 1;
      return true;
    };
    const operator: Actor = { role: 'operator', id: 'operator' };
    if (decision.status === 'manual') {
      const target = decision.suggestions[0];
      if (!target || random() < 0.15) return events;
      const { why: _why, ...ref } = target;
      if (!command({ command: 'reroute', department: ref, coDepartments: [] }, operator, between(0.5, 30) * HOUR)) return events;
      department = ref;
    }
    const staff: Actor = { role: 'department', id: `staff-${department!.id}`, departmentId: department!.id };
    if (random() < 0.05 || !command({ command: 'signFor' }, staff, between(0.2, 30) * HOUR)) return events;
    if (random() < 0.03) {
      command({ command: 'return', reason: 'not_our_duty', note: '不属于本单位职责' }, staff, between(1, 24) * HOUR);
      return events;
    }
    if (random() < 0.1 || !command({ command: 'reply', message: pick(REPLIES) }, staff, between(2, 72) * HOUR)) return events;
    if (random() < 0.1 || !command({ command: 'resolve', summary: pick(RESOLUTIONS) }, staff, between(1, 10) * DAY)) return events;
    if (random() < 0.2) return events;
    const satisfaction = random() < 0.7 ? 'satisfied' : random() < 0.66 ? 'basically_satisfied' : 'dissatisfied';
    command({ command: 'followUp', resolved: satisfaction !== 'dissatisfied', satisfaction }, operator, between(1, 4) * DAY);
    return events;
  };
}

