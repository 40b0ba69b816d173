/**
 * Writes config/fine-categories.json: the phrase catalog of the official level-2/level-3 categories (二级/三级分类)
 * that `classifyFine` in @hotline/routing uses.
 *
 *   node packages/routing/scripts/build-fine-catalog.ts [--data <tipdm2020c dir>] [--out <fine-categories.json>]
 *
 * Every node of `taxonomy.jsonl` becomes an entry with three kinds of phrases:
 *   1. the node's own name, and its parts when the name joins several things (`园林绿化环卫` → 园林, 绿化, 环卫);
 *   2. synonyms written by hand below (`SYNONYMS`), keyed `level1/level2` or `level1/level2/level3`;
 *   3. `mined`: words of the segmented labelled messages (`labeled_segmented.jsonl`) of the node's level-1 class that
 *      contain a stem of the node's name, occur in at least MIN_DOCS of that class's messages and mostly (≥ MIN_SHARE)
 *      in that class. Only the words are kept, never message text.
 * Nodes named 其他 get no phrases: they are what is left when nothing more specific matches.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { argument, repoRoot } from './script-args.ts';


const dataDir = argument('--data', path.resolve(repoRoot, '../shared/data/tipdm2020c'));
const outFile = argument('--out', path.resolve(repoRoot, 'config/fine-categories.json'));

const MIN_DOCS = 5;
const MIN_SHARE = 0.5;
const MAX_MINED = 8;

/** Hand-written synonyms. Keys: `level1/level2` (the level-2 node) or `level1/level2/level3`. Space-separated. */
const SYNONYMS: Record<string, string> = {
  // ---- 城乡建设
  '城乡建设/安全生产': '安全生产 安全事故 生产事故',
  '城乡建设/安全生产/事故处理': '事故 伤亡 死亡事故',
  '城乡建设/安全生产/安全生产管理': '安全检查 安全责任 危险化学品 危化品',
  '城乡建设/安全生产/安全隐患': '隐患 安全隐患 危险 险情',
  '城乡建设/城市建设和市政管理': '市政 城市管理 城管',
  '城乡建设/城市建设和市政管理/园林绿化环卫': '绿化带 垃圾清运 清扫',
  '城乡建设/城市建设和市政管理/城管执法': '占道经营 摆摊 摊贩 流动摊 乱摆 城管 执法 占道',
  '城乡建设/城市建设和市政管理/居民服务设施': '健身器材 便民 菜市场 充电桩 快递柜',
  '城乡建设/城市建设和市政管理/城市公共设施': '公共设施 路灯 井盖 公厕 公共厕所 垃圾桶 护栏 停车场',
  '城乡建设/城市建设和市政管理/公共汽车': '公交 公交车 公交站 站台 公交线路',
  '城乡建设/城市建设和市政管理/公园管理': '公园 广场',
  '城乡建设/城市建设和市政管理/冬季采暖': '供暖 暖气 采暖 集中供暖',
  '城乡建设/城市建设和市政管理/园林绿化': '绿化 树木 砍树 修剪 草坪 行道树 古树',
  '城乡建设/城市建设和市政管理/地铁城铁': '地铁 轨道交通 地铁站 城铁 磁浮',
  '城乡建设/城市建设和市政管理/基础设施': '修路 道路 路面 人行道 下水道 排水 积水 内涝 管网 雨水 污水管 桥梁 坑洼',
  '城乡建设/城市建设和市政管理/小区管理': '小区 停车位 车位 小区管理',
  '城乡建设/城市建设和市政管理/燃气供应': '燃气 天然气 煤气 液化气 管道气 燃气公司 燃气泄漏 煤气味',
  '城乡建设/城市建设和市政管理/环境卫生': '垃圾 环卫 卫生死角 垃圾站 垃圾池 脏乱差',
  '城乡建设/城市建设和市政管理/电力供应': '停电 供电 电压 断电 电费 变压器 电线 高压线 电网 电力',
  '城乡建设/城市建设和市政管理/自来水供应': '自来水 停水 供水 水压 水质 水费 水表 没水',
  '城乡建设/城乡规划': '规划',
  '城乡建设/城乡规划/规划方案': '规划方案 规划图 规划调整 控规 用地性质',
  '城乡建设/城乡规划/违章建筑': '违建 违章建筑 违法建设 违法建筑 违章搭建 私搭乱建 乱搭乱建 加层 搭建',
  '城乡建设/城乡规划/容积挡光': '容积率 挡光 采光 日照 间距 遮挡',
  '城乡建设/城乡规划/历史名城保护': '历史建筑 老街 古建筑 历史文化街区',
  '城乡建设/城乡规划/规划设计': '设计方案 规划许可',
  '城乡建设/村镇建设': '村镇 农村 乡镇',
  '城乡建设/村镇建设/新农村建设': '新农村 美丽乡村 村道 农村公路 农村建房 宅基地 自建房 村民建房 村委 村级',
  '城乡建设/村镇建设/小城镇建设': '集镇 小城镇 特色小镇',
  '城乡建设/工程质量': '工程质量 质量问题 房屋质量',
  '城乡建设/工程质量/施工安全': '施工安全 塔吊 脚手架 工地安全 工地',
  '城乡建设/工程质量/抗震防灾': '抗震 防灾',
  '城乡建设/国有土地上房屋征收与补偿': '征收 拆迁 国有土地 房屋征收',
  '城乡建设/国有土地上房屋征收与补偿/房屋拆迁': '拆迁 强拆 拆除',
  '城乡建设/国有土地上房屋征收与补偿/审批手续': '征收决定 征收公告',
  '城乡建设/国有土地上房屋征收与补偿/城镇危房改造': '危房 危房改造 老旧小区改造 提质改造',
  '城乡建设/国有土地上房屋征收与补偿/安置补偿': '补偿 安置 补偿款 拆迁款 过渡费 安置费',
  '城乡建设/国有土地上房屋征收与补偿/回迁房': '回迁 安置房 还建房',
  '城乡建设/国有土地上房屋征收与补偿/棚户区和城中村改造': '棚改 棚户区 城中村',
  '城乡建设/集体土地上房屋拆迁与补偿': '集体土地 征地 农村拆迁 村民',
  '城乡建设/集体土地上房屋拆迁与补偿/回迁房': '安置房 回迁 安置小区',
  '城乡建设/集体土地上房屋拆迁与补偿/房屋拆迁': '征地拆迁 拆迁',
  '城乡建设/集体土地上房屋拆迁与补偿/安置补偿': '征地补偿 青苗费 安置补偿 补偿款',
  '城乡建设/集体土地上房屋拆迁与补偿/棚户区和城中村改造': '城中村 棚改',
  '城乡建设/建筑市场': '建筑市场 建筑公司 施工单位',
  '城乡建设/建筑市场/工程招投标': '招标 投标 招投标 中标',
  '城乡建设/建筑市场/勘察设计和施工监管': '施工 监理 扬尘 夜间施工 施工许可',
  '城乡建设/建筑市场/拖欠工程款': '工程款 拖欠工程款 农民工工资 包工头',
  '城乡建设/建筑市场/企业资质和执业资格': '资质 执业资格 建造师',
  '城乡建设/住房保障与房地产': '房地产 住房 购房 房子',
  '城乡建设/住房保障与房地产/住房公积金': '公积金',
  '城乡建设/住房保障与房地产/保障性住房': '公租房 廉租房 保障房 经适房 经济适用房 人才公寓',
  '城乡建设/住房保障与房地产/物业服务': '物业 物业公司 物业费 业委会 业主委员会 物管 维修基金 维修资金',
  '城乡建设/住房保障与房地产/产权交易': '网签 备案 二手房 交易',
  '城乡建设/住房保障与房地产/房地产开发管理': '开发商 交房 延期交房 烂尾 预售 商品房 楼盘 精装',
  '城乡建设/住房保障与房地产/住房困难': '无房 住房困难',
  '城乡建设/住房保障与房地产/修缮装修': '装修 漏水 渗水 维修 修缮 墙体 开裂',
  '城乡建设/住房保障与房地产/公房': '公房 直管公房',
  '城乡建设/住房保障与房地产/房产证登记、办理': '房产证 不动产 产权证 办证 土地证 不动产权证 过户',
  '城乡建设/住房保障与房地产/房屋租赁': '租房 出租 租赁 房租 群租',
  '城乡建设/住房保障与房地产/房屋补贴': '购房补贴 人才购房 住房补贴 契税补贴',
  '城乡建设/住房保障与房地产/房改政策': '房改 房改房',
  '城乡建设/住房保障与房地产/骗购': '限购 购房资格',
  // ---- 环境保护
  '环境保护/环保管理': '环保 环保部门',
  '环境保护/环保管理/环境监测': '监测 检测 在线监测',
  '环境保护/环保管理/环境执法': '偷排 执法 查处 环保督察',
  '环境保护/环保管理/污染损害纠纷调解': '赔偿',
  '环境保护/环境污染': '污染 环境污染',
  '环境保护/环境污染/生态破坏': '砍伐 破坏 采砂 挖沙 毁林',
  '环境保护/环境污染/危险化学品污染': '化工 化工厂 危化品 危险废物',
  '环境保护/环境污染/噪音污染': '噪音 噪声 扰民 分贝 轰鸣 广场舞',
  '环境保护/环境污染/放射性污染': '辐射 放射',
  '环境保护/环境污染/固体污染': '垃圾 固废 废渣 渣土 垃圾焚烧',
  '环境保护/环境污染/大气污染': '废气 臭气 臭味 异味 粉尘 扬尘 烟尘 油烟 烧烤 焚烧 黑烟 空气 雾霾 刺鼻',
  '环境保护/环境污染/电磁污染': '基站 信号塔 电磁 高压线',
  '环境保护/环境污染/水污染': '污水 排污 河道 河流 黑臭 直排 水库 湖泊 湖水 排污口 水体',
  '环境保护/环境污染/土壤污染': '土壤 重金属',
  '环境保护/建设项目审批': '环评 环境影响评价',
  '环境保护/建设项目审批/未批先建': '未批先建 无环评',
  '环境保护/建设项目审批/未验先用': '未验收',
  '环境保护/建设项目审批/环评报告不实': '环评造假',
  // ---- 交通运输
  '交通运输/出租车管理': '出租车 的士 网约车 滴滴 拒载 绕路 计价器',
  '交通运输/出租车管理/网约车问题': '网约车 滴滴 顺风车',
  '交通运输/出租车管理/运价监管': '打表 计价器 乱收费 拼客',
  '交通运输/出租车管理/行业监管': '拒载 绕路 服务态度',
  '交通运输/建设管理': '公路 道路建设',
  '交通运输/建设管理/规划建设': '修路 修建 道路规划 断头路 高速 互通',
  '交通运输/建设管理/设施维护': '路面 坑洼 破损 红绿灯 信号灯 标线 护栏',
  '交通运输/建设管理/公路收费': '收费站 过路费 通行费 ETC',
  '交通运输/建设管理/规费征稽': '车船税 规费',
  '交通运输/客货运输': '运输 客运 货运',
  '交通运输/客货运输/旅客运输': '公交 公交车 班车 客车 长途车 站台 线路 班次 地铁 火车站 高铁 客运站',
  '交通运输/客货运输/货物运输': '货车 渣土车 大货车 超载 超限',
  '交通运输/客货运输/物流管理': '物流',
  '交通运输/客货运输/运输安全': '黑车 非法营运 超载 校车',
  '交通运输/邮政管理': '邮政 快递 包裹 快件 邮件',
  '交通运输/邮政管理/快递市场管理': '快递 快递员 快递公司 包裹 快件 驿站',
  '交通运输/邮政管理/邮政市场监管': '邮政 邮局 邮件',
  // ---- 商贸旅游
  '商贸旅游/旅游管理': '旅游 游客',
  '商贸旅游/旅游管理/景区管理': '景区 景点 门票 5A 4A',
  '商贸旅游/旅游管理/旅游市场管理': '旅行社 导游 购物团 民宿',
  '商贸旅游/商业贸易': '商业 贸易 商务',
  '商贸旅游/商业贸易/进出口管理': '进出口 外贸 海关',
  '商贸旅游/商业贸易/市场垄断': '垄断 独家',
  '商贸旅游/商业贸易/劳务输出': '出国务工 劳务输出',
  '商贸旅游/市场监管': '市场监管 工商 商家 商户 消费者',
  '商贸旅游/市场监管/商标管理': '商标 品牌',
  '商贸旅游/市场监管/不正当竞争': '不正当竞争 恶意竞争 低价倾销',
  '商贸旅游/市场监管/商品质量': '质量问题 假货 伪劣 假冒 三无 退货 售后',
  '商贸旅游/市场监管/广告监管': '广告 虚假宣传 宣传',
  '商贸旅游/市场监管/中介机构管理': '中介 房产中介 中介费',
  '商贸旅游/市场监管/传销': '传销 拉人头 非法集资',
  '商贸旅游/市场监管/物价监督': '价格 收费 涨价 乱收费 物价 标价 停车费 物业费 高价',
  '商贸旅游/市场监管/直销': '直销',
  '商贸旅游/质监检验检疫': '质监 质检',
  '商贸旅游/质监检验检疫/特种设备管理': '电梯 锅炉 特种设备 压力容器 起重机',
  '商贸旅游/质监检验检疫/产品质量监控': '产品质量 抽检 不合格',
  '商贸旅游/质监检验检疫/认证认可标准化': '认证 标准',
  // ---- 卫生计生
  '卫生计生/公共卫生': '卫生 防疫',
  '卫生计生/公共卫生/突发公共卫生事件处理': '疫情 传染 聚集性',
  '卫生计生/公共卫生/疾病预防控制': '疫苗 接种 疾控 狂犬 传染病 消毒',
  '卫生计生/人口计生': '计划生育 计生',
  '卫生计生/人口计生/计生执法': '社会抚养费 超生 罚款',
  '卫生计生/人口计生/计划生育服务管理': '准生证 生育登记 生育服务证 二孩 二胎',
  '卫生计生/人口计生/失独家庭': '失独',
  '卫生计生/人口计生/违法生育': '超生 违法生育',
  '卫生计生/人口计生/人口政策': '生育政策 三孩',
  '卫生计生/人口计生/独生子女父母奖励政策': '独生子女 奖励扶助 独生子女费',
  '卫生计生/食品药品监管': '食品药品 食药监',
  '卫生计生/食品药品监管/食品安全': '食品 食品安全 餐馆 餐饮 过期 变质 食物中毒 无证经营 小作坊 饭店 外卖',
  '卫生计生/食品药品监管/药品和医疗器械管理': '药品 药店 医疗器械 假药 处方药',
  '卫生计生/食品药品监管/保健品化妆品管理': '保健品 化妆品',
  '卫生计生/医患纠纷': '医疗纠纷 医患',
  '卫生计生/医患纠纷/患者权益': '患者 病人 误诊 态度',
  '卫生计生/医患纠纷/医疗事故争议': '医疗事故 手术 死亡 误诊',
  '卫生计生/医患纠纷/医护人员权益': '医护人员 医闹 护士 医生待遇',
  '卫生计生/医政监管': '医院 医疗',
  '卫生计生/医政监管/医疗技术和服务': '医院 看病 挂号 就医 医生',
  '卫生计生/医政监管/非法行医': '非法行医 黑诊所 无证行医 游医',
  '卫生计生/医政监管/卫生执法': '卫生许可 卫生监督',
  '卫生计生/医政监管/医疗收费': '医疗收费 乱收费 收费 药价',
  '卫生计生/医政监管/医疗机构管理': '诊所 卫生院 卫生室 社区卫生服务中心 医疗机构',
  '卫生计生/医政监管/医务人员管理': '医务人员 乡村医生 村医 医生 护士 编制',
  // ---- 教育文体
  '教育文体/教师队伍和待遇': '教师 老师',
  '教育文体/教师队伍和待遇/原民办代课教师': '代课教师 民办教师 代课',
  '教育文体/教师队伍和待遇/工资福利': '教师工资 绩效工资 教师待遇 乡村教师补贴',
  '教育文体/教师队伍和待遇/师资力量': '师资 特岗 教师招聘',
  '教育文体/教育行政管理': '学校 教育局',
  '教育文体/教育行政管理/学生负担': '作业 补课 课业负担 减负',
  '教育文体/教育行政管理/教学管理': '上课 课程 教学 放假 作息',
  '教育文体/教育行政管理/学历学位学籍管理': '学籍 学历 学位 毕业证',
  '教育文体/教育行政管理/校园安全': '校园安全 校车 霸凌 体罚 食堂',
  '教育文体/教育行政管理/民办学校': '民办学校 私立学校 民办幼儿园 民办',
  '教育文体/教育行政管理/校外机构管理': '培训机构 校外培训 辅导班 补习班 托管',
  '教育文体/教育收费': '收费 学费',
  '教育文体/教育收费/乱收费': '乱收费 补课费 资料费 赞助费 强制收费',
  '教育文体/教育收费/收费标准': '学费 收费标准 保教费',
  '教育文体/教育体制': '教育 学位',
  '教育文体/教育体制/教育资源配置': '学位 学区 划片 新建学校 配套学校 幼儿园 学位紧张',
  '教育文体/教育体制/异地升学': '随迁子女 外地户口 异地',
  '教育文体/考试招生': '考试 招生',
  '教育文体/考试招生/招生录取': '招生 入学 录取 报名 小升初 中考 高考 积分入学',
  '教育文体/考试招生/考场考纪': '考场 作弊 监考',
  '教育文体/考试招生/异地升学': '异地中考 异地高考',
  '教育文体/失学辍学': '失学 辍学',
  '教育文体/失学辍学/教育救助': '助学金 贫困生 资助',
  '教育文体/体育': '体育 运动',
  '教育文体/体育/体育事业': '体育 健身 球场 体育馆 运动场 游泳池 篮球场 足球场 健身器材',
  '教育文体/体育/体育竞赛': '比赛 马拉松 赛事',
  '教育文体/体育/体育市场': '健身房 游泳馆',
  '教育文体/文化': '文化',
  '教育文体/文化/公共文化': '图书馆 文化馆 博物馆 书屋 广场舞',
  '教育文体/文化/非物质文化遗产': '非遗',
  '教育文体/文化/文化市场与文化执法': '网吧 KTV 演出 游戏厅 出版物',
  '教育文体/文化/文化艺术': '艺术 演出 文艺',
  '教育文体/文物管理': '文物',
  '教育文体/文物管理/文物保护': '文物保护 古迹 遗址 古建筑',
  // ---- 劳动和社会保障
  '劳动和社会保障/城镇居民社会保险': '居民医保 居民养老',
  '劳动和社会保障/城镇居民社会保险/新农村合作医疗': '新农合 合作医疗',
  '劳动和社会保障/城镇居民社会保险/城乡居民养老保险': '居民养老保险 城乡居民养老 养老金 农村养老保险',
  '劳动和社会保障/城镇居民社会保险/城镇居民医疗保险': '居民医保 医保 医疗保险 报销 异地就医 医保卡',
  '劳动和社会保障/城镇职工社会保险': '社保 社会保险 五险',
  '劳动和社会保障/城镇职工社会保险/职工养老保险': '养老保险 养老金 缴费年限 社保缴费 补缴',
  '劳动和社会保障/城镇职工社会保险/职工工伤保险': '工伤 工伤认定 工伤保险',
  '劳动和社会保障/城镇职工社会保险/职工生育保险': '生育保险 生育津贴',
  '劳动和社会保障/城镇职工社会保险/职工医疗保险': '职工医保 医疗保险 医保',
  '劳动和社会保障/城镇职工社会保险/职工失业保险': '失业金 失业保险',
  '劳动和社会保障/工资福利': '工资 待遇 福利',
  '劳动和社会保障/工资福利/工资发放': '拖欠工资 欠薪 发工资 工资拖欠',
  '劳动和社会保障/工资福利/工资调整': '涨工资 调资 工资标准',
  '劳动和社会保障/工资福利/最低工资标准': '最低工资',
  '劳动和社会保障/工资福利/住房公积金': '公积金',
  '劳动和社会保障/工资福利/福利待遇': '补贴 津贴 高温补贴 年终奖',
  '劳动和社会保障/就业培训': '就业 培训',
  '劳动和社会保障/就业培训/就业和再就业': '就业 再就业 招聘 创业 失业 人才引进',
  '劳动和社会保障/就业培训/职业培训': '职业培训 技能培训',
  '劳动和社会保障/就业培训/职业技能鉴定': '技能鉴定 职业资格 职称',
  '劳动和社会保障/劳动保护': '劳动保护',
  '劳动和社会保障/劳动保护/工作时间和休息休假': '加班 休假 年假 双休 加班费',
  '劳动和社会保障/劳动保护/女工保护': '产假 哺乳 孕妇',
  '劳动和社会保障/劳动保护/劳动安全': '职业病 安全防护',
  '劳动和社会保障/劳动关系': '劳动 用人单位 公司',
  '劳动和社会保障/劳动关系/劳动合同纠纷': '劳动合同 合同 劳动仲裁 仲裁',
  '劳动和社会保障/劳动关系/非法用工': '童工 非法用工 黑工',
  '劳动和社会保障/劳动关系/农民工权益': '农民工 包工头',
  '劳动和社会保障/劳动关系/劳务派遣纠纷': '劳务派遣 派遣',
  '劳动和社会保障/劳动关系/辞职辞退': '辞退 开除 辞职 裁员 解雇 离职',
  '劳动和社会保障/劳动关系/协议解除劳动关系': '解除劳动关系 解除合同 经济补偿',
  '劳动和社会保障/社保基金管理': '社保基金',
  '劳动和社会保障/退休政策及待遇': '退休',
  '劳动和社会保障/退休政策及待遇/退休人员待遇': '退休人员 退休待遇 退休工资',
  '劳动和社会保障/退休政策及待遇/退休金发放': '退休金 养老金发放',
  '劳动和社会保障/退休政策及待遇/退休政策': '退休年龄 办理退休',
  '劳动和社会保障/退休政策及待遇/病退及提前退休人员待遇': '病退 提前退休 特殊工种',
  '劳动和社会保障/退休政策及待遇/内部退养人员待遇': '内退',
};

/** Name endings that are not the thing itself; stripped to find a name's stem. */
const GENERIC_ENDINGS = ['供应', '管理', '问题', '服务', '建设', '政策', '纠纷', '待遇', '保护', '监管', '改造', '补偿', '处理', '设施', '发放', '标准', '人员', '事业', '执法', '方案', '设计', '手续', '权益', '争议', '事件'];
/** Parts too general to stand for a node. */
const GENERIC_PARTS = new Set(['其他', '管理', '建设', '城市', '城乡', '服务', '政策', '问题', '行政', '事务', '工作', '市场', '人员', '职工', '居民', '城镇', '发展', '企业', '社会', '公共', '体制', '改革', '综合', '其他污染', '行业', '相关', '资源', '规划']);

/** Mined words that are not evidence for the node they were found for (checked by reading the mined lists). */
const MINED_BLOCKLIST = new Set(['依法办理', '监管网', '危房改造', '廉租房', '严重破坏', '劳动力', '新鲜空气', '生存环境', '保护环境', '国家补贴', '财政补贴', '加工资', '福利待遇', '工资待遇', '购房者', '买房子', '新房子', '老房子']);

interface TaxonomyRow { level1: string; level2: string; level3: string }

function readJsonl(file: string): Array<Record<string, unknown>> {
  if (!existsSync(file)) throw new Error(`missing ${file}: pass --data <tipdm2020c dir>`);
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The name and its parts: split at 和/与/及/、, and a four-character compound of two words into its halves. */
function nameParts(name: string): string[] {
  const parts = new Set<string>([name]);
  for (const piece of name.split(/[和与及、]/)) if (piece.length >= 2) parts.add(piece);
  for (const part of [...parts]) {
    for (const ending of GENERIC_ENDINGS) if (part.endsWith(ending) && part.length - ending.length >= 2) parts.add(part.slice(0, -ending.length));
  }
  return [...parts].filter((part) => !GENERIC_PARTS.has(part));
}

const taxonomy = readJsonl(path.join(dataDir, 'taxonomy.jsonl')) as unknown as TaxonomyRow[];
const segmented = readJsonl(path.join(dataDir, 'labeled_segmented.jsonl'));

// Document frequency of each token, per class and overall.
const docFreq = new Map<string, Map<string, number>>();
const totalFreq = new Map<string, number>();
for (const row of segmented) {
  const category = String(row.category);
  const tokens = new Set(String(row.tokens).split(/\s+/).filter((token) => token.length >= 2 && token.length <= 6 && /^[\u4e00-\u9fff]+$/.test(token)));
  const perClass = docFreq.get(category) ?? new Map<string, number>();
  docFreq.set(category, perClass);
  for (const token of tokens) {
    perClass.set(token, (perClass.get(token) ?? 0) + 1);
    totalFreq.set(token, (totalFreq.get(token) ?? 0) + 1);
  }
}

function mine(level1: string, stems: string[], exclude: Set<string>): string[] {
  const perClass = docFreq.get(level1);
  if (!perClass) return [];
  const found: Array<[string, number]> = [];
  for (const [token, count] of perClass) {
    if (count < MIN_DOCS || exclude.has(token) || MINED_BLOCKLIST.has(token)) continue;
    if (count / (totalFreq.get(token) ?? count) < MIN_SHARE) continue;
    if (stems.some((stem) => stem.length >= 2 && token.includes(stem) && token !== stem)) found.push([token, count]);
  }
  return found.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, MAX_MINED).map(([token]) => token);
}

interface NodeOut { level1: string; level2: string; level3?: string; phrases: string[]; mined: string[] }

const nodes: NodeOut[] = [];
const seen = new Set<string>();
const used = new Set<string>();
function addNode(level1: string, level2: string, level3: string | undefined): void {
  const key = level3 === undefined ? `${level1}/${level2}` : `${level1}/${level2}/${level3}`;
  if (seen.has(key)) return;
  seen.add(key);
  const name = level3 ?? level2;
  if (name === '其他') {
    nodes.push({ level1, level2, ...(level3 !== undefined ? { level3 } : {}), phrases: [], mined: [] });
    return;
  }
  const synonyms = SYNONYMS[key]?.split(/\s+/).filter(Boolean) ?? [];
  if (SYNONYMS[key] !== undefined) used.add(key);
  const phrases = [...new Set([...nameParts(name), ...synonyms])].filter((phrase) => phrase.length >= 2);
  const stems = [...new Set([...nameParts(name), ...synonyms])].filter((stem) => stem.length >= 2);
  const mined = mine(level1, stems, new Set(phrases));
  nodes.push({ level1, level2, ...(level3 !== undefined ? { level3 } : {}), phrases, mined });
}
for (const row of taxonomy) {
  addNode(row.level1, row.level2, undefined);
  addNode(row.level1, row.level2, row.level3);
}
const unused = Object.keys(SYNONYMS).filter((key) => !used.has(key));
if (unused.length > 0) throw new Error(`synonyms for nodes not in the taxonomy: ${unused.join(', ')}`);

const out = {
  about: 'Phrase catalog of the official level-2/level-3 categories (二级/三级分类), read by classifyFine in @hotline/routing. '
    + 'Each node lists phrases (its name, the parts of its name, hand-written synonyms) and mined words (frequent words of '
    + 'the labelled messages of its level-1 class that contain a stem of the node\'s name). Nodes named 其他 have none.',
  generated: {
    by: 'node packages/routing/scripts/build-fine-catalog.ts',
    from: ['tipdm2020c/taxonomy.jsonl', 'tipdm2020c/labeled_segmented.jsonl (word counts only)'],
    minDocs: MIN_DOCS,
    minShare: MIN_SHARE,
  },
  nodes,
};
const { nodes: _nodes, ...head } = out;
const headText = JSON.stringify(head, null, 2).slice(0, -2);
writeFileSync(outFile, `${headText},\n  "nodes": [\n${nodes.map((node) => `    ${JSON.stringify(node)}`).join(',\n')}\n  ]\n}\n`);
const level2 = nodes.filter((node) => node.level3 === undefined).length;
console.log(`${outFile}: ${nodes.length} nodes (${level2} level-2, ${nodes.length - level2} level-3), `
  + `${nodes.reduce((sum, node) => sum + node.phrases.length, 0)} phrases, ${nodes.reduce((sum, node) => sum + node.mined.length, 0)} mined words`);
