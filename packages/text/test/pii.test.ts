import { describe, expect, it } from 'vitest';
import { maskPii, PII_KINDS } from '../src/index.ts';

// Test numbers are computed here, independently of the code under test. IDs use region 110101 and made-up
// birth dates; card numbers use made-up account digits.

/** GB 11643: weight of position i is 2^(17-i) mod 11; check value (12 - sum mod 11) mod 11, 10 written X. */
function withIdCheck(first17: string): string {
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * (2 ** (17 - i) % 11), 0);
  const check = (12 - (sum % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

function withLuhn(payload: string): string {
  for (let check = 0; check <= 9; check++) {
    const candidate = payload + check;
    const sum = [...candidate].reverse().reduce((acc, char, i) => {
      const value = Number(char) * (i % 2 === 1 ? 2 : 1);
      return acc + (value > 9 ? value - 9 : value);
    }, 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

const ID = withIdCheck('11010119900307123');
const WRONG_ID = ID.slice(0, 17) + (ID.endsWith('0') ? '1' : '0');
const ID_WITH_X = ['110101198511110', '110101198511111', '110101198511112', '110101198511113']
  .flatMap((prefix) => Array.from({ length: 100 }, (_, i) => withIdCheck(prefix + String(i).padStart(2, '0'))))
  .find((id) => id.endsWith('X')) ?? '';
const CARD = withLuhn('622202123456789'); // 16 digits
const CARD_19 = withLuhn('621700987654321012'); // 19 digits
const WRONG_CARD = CARD.slice(0, 15) + ((Number(CARD[15]) + 1) % 10);

function kinds(text: string): string[] {
  return maskPii(text).found.map((finding) => finding.kind);
}

describe('maskPii: mobile numbers', () => {
  it('masks the middle four digits and reports offsets into the original text', () => {
    const result = maskPii('联系电话13812345678，谢谢');
    expect(result.text).toBe('联系电话138****5678，谢谢');
    expect(result.found).toEqual([{ kind: 'mobile', start: 4, end: 15 }]);
  });

  it('accepts country codes, spaces and dashes and keeps them', () => {
    expect(maskPii('手机+86 138 1234 5678').text).toBe('手机+86 138 **** 5678');
    expect(maskPii('手机8613912345678').text).toBe('手机86139****5678');
    expect(maskPii('电话：159-8765-4321。').text).toBe('电话：159-****-4321。');
  });

  it('reads fullwidth digits and keeps them fullwidth', () => {
    const result = maskPii('电话１３８１２３４５６７８');
    expect(result.text).toBe('电话１３８****５６７８');
    expect(result.found).toEqual([{ kind: 'mobile', start: 2, end: 13 }]);
  });

  it('does not take digits out of a longer digit run or numbers that are not mobile', () => {
    expect(kinds('工单号20200513812345678')).toEqual([]);
    expect(kinds('编号1381234567800')).toEqual([]);
    expect(kinds('12345678901')).toEqual([]); // 12x is no mobile prefix
    expect(kinds('合计13912345678.50元')).toEqual([]);
  });
});

describe('maskPii: landlines', () => {
  it('keeps the area code and the last four digits', () => {
    expect(maskPii('物业电话0731-88881234').text).toBe('物业电话0731-****1234');
    expect(maskPii('(010)65123456').text).toBe('(010)****3456');
    expect(maskPii('（0736）5123456转801').text).toBe('（0736）***3456转801');
    expect(maskPii('0731 8888 1234').text).toBe('0731 **** 1234');
    expect(maskPii('致电0736- 7898402或0746--2213405').text).toBe('致电0736- ***8402或0746--***3405');
  });

  it('reports the whole number, extension included', () => {
    expect(maskPii('打0731-88881234-602找').found).toEqual([{ kind: 'landline', start: 1, end: 18 }]);
  });

  it('leaves local numbers without an area code and made-up area codes alone', () => {
    expect(kinds('拨打88881234')).toEqual([]);
    expect(kinds('0000-00000000')).toEqual([]);
  });
});

describe('maskPii: resident ID numbers', () => {
  it('masks a valid ID next to Chinese text, keeping the province and the last four', () => {
    const text = `身份证${ID}号`;
    const result = maskPii(text);
    expect(result.text).toBe(`身份证11************${ID.slice(14)}号`);
    expect(result.found).toEqual([{ kind: 'id_card', start: 3, end: 21 }]);
  });

  it('accepts a trailing X in either case', () => {
    expect(ID_WITH_X).toMatch(/X$/);
    expect(kinds(`证件${ID_WITH_X}`)).toEqual(['id_card']);
    expect(maskPii(ID_WITH_X.toLowerCase()).text).toMatch(/^11\*{12}\d{3}x$/);
  });

  it('does not treat a number with a wrong check digit as an ID', () => {
    expect(kinds(`身份证${WRONG_ID}`)).toEqual([]);
  });

  it('does not treat impossible birth dates as an ID even when the check digit fits', () => {
    expect(kinds(withIdCheck('11010119901332123'))).toEqual([]);
  });
});

describe('maskPii: bank cards', () => {
  it('masks Luhn-valid card numbers, keeping the first and last four digits', () => {
    expect(maskPii(`卡号${CARD}`).text).toBe(`卡号6222********${CARD.slice(12)}`);
    expect(maskPii(`卡号${CARD_19}`).found).toEqual([{ kind: 'bank_card', start: 2, end: 21 }]);
  });

  it('accepts groups of four and keeps the spaces', () => {
    const grouped = CARD.replace(/(\d{4})(?=\d)/g, '$1 ');
    expect(maskPii(grouped).text).toBe(`6222 **** **** ${CARD.slice(12)}`);
    expect(maskPii(`${grouped} 12月到期`).text).toBe(`6222 **** **** ${CARD.slice(12)} 12月到期`);
  });

  it('does not mask numbers that fail Luhn', () => {
    expect(kinds(`卡号${WRONG_CARD}`)).toEqual([]);
  });

  it('takes an 18-digit number that fails the ID check but passes Luhn as a card', () => {
    const card18 = withLuhn('62220212345678901');
    expect(kinds(card18)).toEqual(['bank_card']);
  });
});

describe('maskPii: e-mail addresses', () => {
  it('keeps the first character and the domain', () => {
    const result = maskPii('邮箱zhangsan@example.com请回复');
    expect(result.text).toBe('邮箱z*******@example.com请回复');
    expect(result.found).toEqual([{ kind: 'email', start: 2, end: 22 }]);
  });

  it('masks an address whose local part is a phone number as an e-mail only', () => {
    expect(kinds('13812345678@163.com')).toEqual(['email']);
  });
});

describe('maskPii: ordinary numbers', () => {
  it.each([
    '2020年5月22日晚上11点',
    '20200522',
    '2020-05-22 23:30',
    '水费0.35元一吨，360元一立方',
    '3栋2单元501室',
    '工单号202005221234567',
    '受理编号GD2020052200123',
    '楼高18层，住了1200户',
  ])('leaves %s alone', (text) => {
    expect(maskPii(text)).toEqual({ text, found: [] });
  });
});

describe('maskPii: several findings', () => {
  it('masks each, keeps the length, and lists them in text order', () => {
    const text = `我叫王某，手机13912345678，座机0731-88881234，身份证${ID}，邮箱wang@example.com`;
    const result = maskPii(text);
    expect(result.text).toHaveLength(text.length);
    expect(result.found.map((finding) => finding.kind)).toEqual(['mobile', 'landline', 'id_card', 'email']);
    for (const finding of result.found) {
      expect(text.slice(finding.start, finding.end)).not.toMatch(/^[，\s]/);
      expect(result.text.slice(finding.start, finding.end)).toContain('*');
    }
    expect(result.text).not.toContain('12345678');
  });

  it('exports the kinds', () => {
    expect(PII_KINDS).toEqual(['mobile', 'landline', 'id_card', 'bank_card', 'email']);
  });
});
