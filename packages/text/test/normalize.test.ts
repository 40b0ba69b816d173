import { Converter } from 'opencc-js/t2cn';
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../src/index.ts';

describe('normalizeText', () => {
  it('turns fullwidth letters, digits and spaces into ASCII but keeps Chinese punctuation', () => {
    expect(normalizeText('我住Ａ３区１２３号，门牌？（东门）！')).toBe('我住A3区123号，门牌？（东门）！');
    expect(normalizeText('小区\u3000北门')).toBe('小区 北门');
    expect(normalizeText('“物业”说：“下周修”；《通知》、【公告】')).toBe('“物业”说：“下周修”；《通知》、【公告】');
  });

  it('makes the symbols inside numbers and addresses ASCII', () => {
    expect(normalizeText('水费０．３５元，涨了５０％')).toBe('水费0.35元，涨了50%');
    expect(normalizeText('ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('wang@example.com');
  });

  it('keeps the ellipsis and widens halfwidth CJK punctuation', () => {
    expect(normalizeText('等了很久……')).toBe('等了很久……');
    expect(normalizeText('｢投诉｣､谢谢｡')).toBe('「投诉」、谢谢。');
  });

  it('collapses spaces and tabs, normalizes line breaks and trims', () => {
    expect(normalizeText('  路灯 \t  不亮  ')).toBe('路灯 不亮');
    expect(normalizeText('第一行  \r\n  第二行\r第三行')).toBe('第一行\n第二行\n第三行');
    expect(normalizeText('第一段\n\n\n\n\n第二段\n\n第三段')).toBe('第一段\n\n第二段\n\n第三段');
    expect(normalizeText('一\u00a0二\u2003三')).toBe('一 二 三');
  });

  it('removes zero-width characters and stray control characters', () => {
    expect(normalizeText('\ufeff噪\u200b音\u0007扰民')).toBe('噪音扰民');
  });

  it('converts Hong Kong and Taiwan traditional characters to mainland simplified', () => {
    expect(normalizeText('臺灣的軟體裡面')).toBe('台湾的软体里面');
    expect(normalizeText('綫路維修，衞生間漏水')).toBe('线路维修，卫生间漏水');
    expect(normalizeText('樓下燒烤攤油煙擾民')).toBe('楼下烧烤摊油烟扰民');
  });

  it('converts clause by clause exactly as OpenCC converts the whole text', () => {
    // Clauses with and without traditional characters, phrases next to the breaks, and the simplified characters the
    // Hong Kong tables turn traditional and back (户 台 吃 温 税).
    const convert = Converter({ from: 'hk', to: 'cn' });
    const texts = [
      '户口本丢了，請幫忙補辦戶口。臺灣同胞吃飯了嗎？\n温度太高、税费太多；著名景區：乾淨',
      '小区门口，路燈壞了一個星期。',
      '這麼多人投訴，效果顯著！后来怎么样了',
    ];
    for (const text of texts) expect(normalizeText(text)).toBe(convert(text));
  });

  it('leaves simplified text as it is', () => {
    const simplified = '什么时候处理？这么多人投诉，效果显著，著名景区怎么样了';
    expect(normalizeText(simplified)).toBe(simplified);
  });

  it('is idempotent', () => {
    const once = normalizeText(' 臺灣Ａ１ ，\r\n\r\n\r\n“好”  ');
    expect(normalizeText(once)).toBe(once);
  });
});
