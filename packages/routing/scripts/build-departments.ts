/**
 * Writes config/city/departments.json: A市's city bureaus, their district/county counterparts, each district's
 * people's government, and the office of every street/town in the gazetteer.
 *
 *   node packages/routing/scripts/build-departments.ts [--data <tipdm2020c dir>] [--out <departments.json>]
 *
 * The list of offices is curated below (Chinese administrative practice: every district and county has the same
 * set of bureaus; central districts have branch offices (分局) of some city bureaus instead). The data decides two
 * things: which other names an office goes by (`aliases` keeps only the candidate names that occur in the answered
 * messages) and which offices are only created where the data shows them (`onlyWhereAttested`, e.g. a county's
 * own power-supply company). Attestation counts are printed for config/city/README.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { argument, repoRoot } from './script-args.ts';


const dataDir = argument('--data', path.resolve(repoRoot, '../shared/data/tipdm2020c'));
const outFile = argument('--out', path.resolve(repoRoot, 'config/city/departments.json'));
const gazetteerFile = path.resolve(repoRoot, 'config/city/gazetteer.json');

// ---------------------------------------------------------------- evidence

const corpus: string[] = [];
for (const name of ['labeled_raw.jsonl', 'replies.jsonl']) {
  const file = path.join(dataDir, name);
  if (!existsSync(file)) throw new Error(`missing ${file}: pass --data <tipdm2020c dir>`);
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as Record<string, unknown>;
    corpus.push(['title', 'body', 'reply'].map((key) => (typeof row[key] === 'string' ? row[key] : '')).join('\n').replace(/\s+/g, ''));
  }
}

/** Documents that contain `name` (a shorter alias may also count documents that write a longer name). */
function attestations(name: string): number {
  let count = 0;
  for (const doc of corpus) if (doc.includes(name)) count += 1;
  return count;
}

// ---------------------------------------------------------------- gazetteer

interface GazetteerFile {
  districts: Array<{ name: string; kind: '区' | '县' | '市'; aliases: string[]; streets: Array<{ name: string; kind: '街道' | '镇' | '乡'; aliases: string[] }> }>;
}
const gazetteer = JSON.parse(readFileSync(gazetteerFile, 'utf8')) as GazetteerFile;

// ---------------------------------------------------------------- curated offices

interface Department {
  id: string;
  name: string;
  level: 'city' | 'district' | 'street';
  district?: string;
  street?: string;
  functionCode: string;
  role?: 'specialized';
  aliases?: string[];
}

interface CityOffice { id: string; name: string; functionCode: string; role?: 'specialized'; aliases?: string[] }

/** Ids are `a-<what>`. `role: specialized` offices are only chosen by catalog rules that name them. */
const CITY: CityOffice[] = [
  { id: 'a-housing', name: 'A市住房和城乡建设局', functionCode: 'housing-construction', aliases: ['A市住房和城乡建设委员会', 'A市住建委', 'A市住建局', 'A市住房城乡建设局'] },
  { id: 'a-housing-provident-fund', name: 'A市住房公积金管理中心', functionCode: 'housing-construction', role: 'specialized', aliases: ['A市公积金中心', 'A市住房公积金中心'] },
  { id: 'a-urban-management', name: 'A市城市管理和综合执法局', functionCode: 'urban-management', aliases: ['A市城管局', 'A市城市管理委员会', 'A市城管执法局', 'A市城市管理和行政执法局', 'A市城管委'] },
  { id: 'a-natural-resources', name: 'A市自然资源和规划局', functionCode: 'natural-resources-planning', aliases: ['A市城乡规划局', 'A市规划局', 'A市国土资源局', 'A市国土局', 'A市自然资源局'] },
  { id: 'a-real-estate-registration', name: 'A市不动产登记中心', functionCode: 'natural-resources-planning', role: 'specialized' },
  { id: 'a-ecology', name: 'A市生态环境局', functionCode: 'ecology-environment', aliases: ['A市环保局', 'A市环境保护局'] },
  { id: 'a-transport', name: 'A市交通运输局', functionCode: 'transport', aliases: ['A市交通局', 'A市道路运输管理处', 'A市运管处'] },
  { id: 'a-rail-transit', name: 'A市轨道交通集团有限公司', functionCode: 'transport', role: 'specialized', aliases: ['A市轨道集团有限公司', 'A市轨道交通集团'] },
  { id: 'a-traffic-police', name: 'A市公安局交通警察支队', functionCode: 'traffic-police', aliases: ['A市交警支队', 'A市公安局交警支队'] },
  { id: 'a-public-security', name: 'A市公安局', functionCode: 'public-security' },
  { id: 'a-market-regulation', name: 'A市市场监督管理局', functionCode: 'market-regulation', aliases: ['A市市场监管局', 'A市工商局', 'A市质监局', 'A市食品药品监督管理局', 'A市物价局'] },
  { id: 'a-health', name: 'A市卫生健康委员会', functionCode: 'health', aliases: ['A市卫健委', 'A市卫生和计划生育委员会', 'A市卫计委', 'A市卫生局'] },
  { id: 'a-healthcare-security', name: 'A市医疗保障局', functionCode: 'healthcare-security', aliases: ['A市医保局', 'A市医保中心'] },
  { id: 'a-education', name: 'A市教育局', functionCode: 'education' },
  { id: 'a-hrss', name: 'A市人力资源和社会保障局', functionCode: 'human-resources-social-security', aliases: ['A市人社局', 'A市社保局', 'A市人力资源社会保障局', 'A市劳动和社会保障局', 'A市劳动保障监察支队'] },
  { id: 'a-civil-affairs', name: 'A市民政局', functionCode: 'civil-affairs' },
  { id: 'a-culture-tourism', name: 'A市文化旅游广电局', functionCode: 'culture-tourism-sports', aliases: ['A市文化旅游局', 'A市旅游局', 'A市文广新局', 'A市广电局', 'A市文化局'] },
  { id: 'a-sports', name: 'A市体育局', functionCode: 'culture-tourism-sports', role: 'specialized' },
  { id: 'a-water-resources', name: 'A市水利局', functionCode: 'water-resources', aliases: ['A市水务局'] },
  { id: 'a-agriculture', name: 'A市农业农村局', functionCode: 'agriculture-rural', aliases: ['A市农业局', 'A市农委'] },
  { id: 'a-emergency', name: 'A市应急管理局', functionCode: 'emergency-management', aliases: ['A市安监局', 'A市安全生产监督管理局'] },
  { id: 'a-fire-rescue', name: 'A市消防救援支队', functionCode: 'fire-rescue', aliases: ['A市消防支队'] },
  { id: 'a-finance', name: 'A市财政局', functionCode: 'finance-taxation' },
  { id: 'a-tax', name: '国家税务总局A市税务局', functionCode: 'finance-taxation', role: 'specialized', aliases: ['A市税务局', 'A市地税局', 'A市国税局'] },
  { id: 'a-development-reform', name: 'A市发展和改革委员会', functionCode: 'development-reform', aliases: ['A市发改委'] },
  { id: 'a-commerce', name: 'A市商务局', functionCode: 'industry-commerce' },
  { id: 'a-industry-it', name: 'A市工业和信息化局', functionCode: 'industry-commerce', role: 'specialized', aliases: ['A市工信局'] },
  { id: 'a-government-services', name: 'A市政务服务中心', functionCode: 'government-services', aliases: ['A市行政审批服务局', 'A市政务中心'] },
  { id: 'a-water-supply', name: 'A市供水有限公司', functionCode: 'utility-water', aliases: ['A市供水公司', 'A市水业集团有限公司', 'A市自来水公司'] },
  { id: 'a-power-supply', name: '国网A市供电公司', functionCode: 'utility-power', aliases: ['A市供电公司', 'A市电力局'] },
  { id: 'a-gas', name: 'A市燃气有限公司', functionCode: 'utility-gas-heating', aliases: ['A市燃气公司', 'A市新奥燃气'] },
];

interface DistrictOffice {
  /** Id suffix after `a<n>-`. */
  key: string;
  functionCode: string;
  /** Name (and alias candidates) for a 区, and for a 县 or county-level 市; `{d}` is the district's name. */
  district: string[];
  county?: string[];
  /** Only where the data names this office for the district. */
  onlyWhereAttested?: boolean;
  /** Only for these district kinds (rural functions live in counties). */
  kinds?: Array<'区' | '县' | '市'>;
}

const DISTRICT: DistrictOffice[] = [
  { key: 'government', functionCode: 'district-government', district: ['{d}人民政府', '{d}政府'] },
  { key: 'housing', functionCode: 'housing-construction', district: ['{d}住房和城乡建设局', '{d}住建局', '{d}城乡建设局', '{d}住房保障局', '{d}住保局', '{d}房产局'] },
  { key: 'urban-management', functionCode: 'urban-management', district: ['{d}城市管理和综合执法局', '{d}城管局', '{d}城管执法大队', '{d}城市管理和行政执法局', '{d}行政执法局', '{d}城乡建设行政执法大队'] },
  {
    key: 'natural-resources', functionCode: 'natural-resources-planning',
    district: ['A市自然资源和规划局{d}分局', '{d}规划分局', '{d}国土分局'],
    county: ['{d}自然资源局', '{d}国土资源局', '{d}国土局', '{d}规划局', '{d}城乡规划局'],
  },
  { key: 'ecology', functionCode: 'ecology-environment', district: ['A市生态环境局{d}分局', '{d}环保局', '{d}环境保护局', '{d}环保分局'] },
  { key: 'public-security', functionCode: 'public-security', district: ['A市公安局{d}分局', '{d}公安分局'], county: ['{d}公安局'] },
  { key: 'traffic-police', functionCode: 'traffic-police', district: ['A市公安局交通警察支队{d}大队', '{d}交警大队'], county: ['{d}公安局交通警察大队', '{d}交警大队'] },
  { key: 'transport', functionCode: 'transport', district: ['{d}交通运输局', '{d}交通局', '{d}交运局', '{d}交通运输管理局'] },
  { key: 'market-regulation', functionCode: 'market-regulation', district: ['{d}市场监督管理局', '{d}市场监管局', '{d}工商分局', '{d}市场和质量监督管理局', '{d}食药监局'] },
  { key: 'health', functionCode: 'health', district: ['{d}卫生健康局', '{d}卫健局', '{d}卫计局', '{d}卫生和计划生育局', '{d}卫生局'] },
  { key: 'healthcare-security', functionCode: 'healthcare-security', district: ['{d}医疗保障局', '{d}医保局', '{d}医保中心', '{d}城乡居民医疗保险服务中心'] },
  { key: 'education', functionCode: 'education', district: ['{d}教育局'] },
  { key: 'hrss', functionCode: 'human-resources-social-security', district: ['{d}人力资源和社会保障局', '{d}人社局', '{d}劳动保障监察服务中心', '{d}劳动保障监察大队'] },
  { key: 'civil-affairs', functionCode: 'civil-affairs', district: ['{d}民政局'] },
  { key: 'culture-tourism', functionCode: 'culture-tourism-sports', district: ['{d}文化旅游体育局', '{d}文旅局', '{d}文广局', '{d}文化体育广播电视局', '{d}体育局'] },
  { key: 'emergency', functionCode: 'emergency-management', district: ['{d}应急管理局', '{d}安监局'] },
  { key: 'government-services', functionCode: 'government-services', district: ['{d}政务服务中心', '{d}政务中心', '{d}行政审批局', '{d}行政审批服务局'] },
  { key: 'agriculture', functionCode: 'agriculture-rural', district: ['{d}农业农村局', '{d}农业局', '{d}农林局'], kinds: ['县', '市'] },
  { key: 'water-resources', functionCode: 'water-resources', district: ['{d}水利局', '{d}水务局'], kinds: ['县', '市'] },
  { key: 'power-supply', functionCode: 'utility-power', district: ['{d}供电公司', '{d}电力局'], onlyWhereAttested: true },
];

/**
 * Ascii slugs (pinyin) for the gazetteer's streets and towns. Names in which the anonymisation replaced part of the
 * name with the district token keep that token ("A5区亭街道" → a5ting).
 */
const STREET_SLUGS: Record<string, string> = {
  A1区北路街道: 'a1beilu', 定王台街道: 'dingwangtai', 火星街道: 'huoxing', 马坡岭街道: 'mapoling',
  赤岭路街道: 'chilinglu', 桂花坪街道: 'guihuaping', 南托街道: 'nantuo', 先锋街道: 'xianfeng', 裕南街街道: 'yunanjie', 大托街道: 'datuo',
  含浦镇: 'hanpu', 学士街道: 'xueshi', 洋湖街道: 'yanghu', A3区街道: 'a3', 观沙岭街道: 'guanshaling', 梅溪湖街道: 'meixihu',
  望岳街道: 'wangyue', 西湖街道: 'xihu', 天顶街道: 'tianding', 雨敞坪镇: 'yuchangping', 坪塘街道: 'pingtang',
  捞刀河街道: 'laodaohe', 伍家岭街道: 'wujialing', 新河街道: 'xinhe', 洪山街道: 'hongshan', 青竹湖街道: 'qingzhuhu', 通泰街街道: 'tongtaijie',
  洞井街道: 'dongjing', 圭塘街道: 'guitang', 同升街道: 'tongsheng', 跳马镇: 'tiaoma', A5区亭街道: 'a5ting', 黎托街道: 'lituo', 左家塘街道: 'zuojiatang',
  月亮岛街道: 'yueliangdao', 茶亭镇: 'chating', 丁字湾街道: 'dingziwan', 桥驿镇: 'qiaoyi', 乔口镇: 'qiaokou', 星城镇: 'xingcheng',
  泉塘街道: 'quantang', 安沙镇: 'ansha', 星沙街道: 'xingsha', 楚龙街道: 'chulong', 黄花镇: 'huanghua', 榔梨街道: 'langli', 北山镇: 'beishan',
  春华镇: 'chunhua', 黄兴镇: 'huangxing', 果园镇: 'guoyuan', 青山铺镇: 'qingshanpu', 高桥镇: 'gaoqiao', 金井镇: 'jinjing', 开慧镇: 'kaihui',
  江背镇: 'jiangbei', 干杉镇: 'ganshan',
  黄材镇: 'huangcai', 朱良桥乡: 'zhuliangqiao', 双江口镇: 'shuangjiangkou', 横市镇: 'hengshi', 双凫铺镇: 'shuangfupu', 青山桥镇: 'qingshanqiao',
  巷子口镇: 'xiangzikou', 城郊乡: 'chengjiao', 花明楼镇: 'huaminglou', 玉潭镇: 'yutan',
  集里街道: 'jili', 北盛镇: 'beisheng', 太平桥镇: 'taipingqiao',
};

const STREET_OFFICE: Record<'街道' | '镇' | '乡', { suffix: string; slug: string; aliases: string[] }> = {
  街道: { suffix: '办事处', slug: 'subdistrict-office', aliases: ['办'] },
  镇: { suffix: '人民政府', slug: 'town-government', aliases: ['政府'] },
  乡: { suffix: '人民政府', slug: 'township-government', aliases: ['政府'] },
};

// ---------------------------------------------------------------- build

const departments: Department[] = [];
const attested: Array<[string, number]> = [];

function withAliases(base: Omit<Department, 'aliases'>, candidates: string[]): Department {
  const aliases = candidates.filter((name) => name !== base.name && attestations(name) > 0);
  return { ...base, ...(aliases.length > 0 ? { aliases } : {}) };
}

function record(department: Department): void {
  const count = [department.name, ...(department.aliases ?? [])].reduce((sum, name) => sum + attestations(name), 0);
  attested.push([department.id, count]);
  departments.push(department);
}

for (const office of CITY) {
  const { aliases = [], ...rest } = office;
  record(withAliases({ ...rest, level: 'city' }, aliases));
}

for (const district of gazetteer.districts) {
  const prefix = district.name.replace(/^A(\d+).*$/, 'a$1');
  for (const office of DISTRICT) {
    if (office.kinds && !office.kinds.includes(district.kind)) continue;
    const templates = district.kind !== '区' && office.county ? office.county : office.district;
    const [name = '', ...aliases] = templates.map((template) => template.replaceAll('{d}', district.name));
    // Other spellings of the district ("A8县市教育局") are alias candidates too.
    for (const spelling of district.aliases) aliases.push(...templates.map((template) => template.replaceAll('{d}', spelling)));
    if (office.onlyWhereAttested && [name, ...aliases].every((candidate) => attestations(candidate) === 0)) continue;
    record(withAliases({ id: `${prefix}-${office.key}`, name, level: 'district', district: district.name, functionCode: office.functionCode }, aliases));
  }
  for (const street of district.streets) {
    const slug = STREET_SLUGS[street.name];
    if (!slug) throw new Error(`no ascii slug for ${district.name}${street.name}: add it to STREET_SLUGS`);
    const office = STREET_OFFICE[street.kind];
    // "A1区北路街道" already carries its district; other names get it in front, as the answers write them.
    const qualified = street.name.startsWith(district.name) ? street.name : `${district.name}${street.name}`;
    const forms = [street.name, ...street.aliases];
    const prefixes = ['', district.name, ...district.aliases];
    const aliasCandidates = forms.flatMap((form) => prefixes.flatMap((prefix) => [`${prefix}${form}${office.suffix}`, ...office.aliases.map((tail) => `${prefix}${form}${tail}`)]));
    record(withAliases({
      id: `${prefix}-${slug}-${office.slug}`,
      name: `${qualified}${office.suffix}`,
      level: 'street',
      district: district.name,
      street: street.name,
      functionCode: 'street-township',
    }, aliasCandidates.filter((alias) => alias !== `${qualified}${office.suffix}`)));
  }
}

const output = {
  generated: {
    by: 'packages/routing/scripts/build-departments.ts',
    from: ['config/city/gazetteer.json', 'tipdm2020c/labeled_raw.jsonl', 'tipdm2020c/replies.jsonl (aliases only)'],
    date: new Date().toISOString().slice(0, 10),
  },
  departments,
};
writeFileSync(outFile, `${JSON.stringify(output, null, 2)}\n`);

const byLevel = (level: Department['level']): number => departments.filter((department) => department.level === level).length;
console.log(`${outFile}: ${departments.length} departments (${byLevel('city')} city, ${byLevel('district')} district, ${byLevel('street')} street/town)`);
const named = attested.filter(([, count]) => count > 0).length;
console.log(`named in the data (name or an alias, documents): ${named} of ${attested.length}`);
if (process.argv.includes('--verbose')) for (const [id, count] of attested) console.log(`  ${id}\t${count}`);
