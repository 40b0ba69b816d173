import { describe, expect, it } from 'vitest';
import { canonicalDistrict, loadCityConfig, parseCityConfig, resolveLocation } from '../src/index.ts';
import { CITY_DIR, smallCity } from './fixtures.ts';

const { gazetteer } = parseCityConfig(smallCity());

describe('resolveLocation from the structured field', () => {
  it('takes a known district from the field over what the text says', () => {
    const location = resolveLocation('石门镇的路灯不亮了', { district: 'X1区' }, gazetteer);
    expect(location).toEqual({ district: 'X1区', matched: ['X1区'], source: 'field' });
  });

  it('lets a street in the field imply its district, with or without its suffix', () => {
    expect(resolveLocation('路灯不亮', { street: '兰亭街道' }, gazetteer)).toEqual({ district: 'X1区', street: '兰亭街道', matched: ['兰亭街道'], source: 'field' });
    expect(resolveLocation('路灯不亮', { street: '石门' }, gazetteer)).toEqual({ district: 'X2县', street: '石门镇', matched: ['石门'], source: 'field' });
  });

  it('reads an address line and ignores a street that contradicts the district given', () => {
    expect(resolveLocation('', { address: 'X市X2县石门镇石门水库旁' }, gazetteer)).toMatchObject({ district: 'X2县', street: '石门镇', source: 'field' });
    expect(resolveLocation('', { district: 'X2县', street: '兰亭街道' }, gazetteer)).toEqual({ district: 'X2县', matched: ['X2县'], source: 'field' });
  });

  it('adds a street of the field\'s district found in the text', () => {
    const location = resolveLocation('竹溪乡卫生院门口垃圾成堆', { district: 'X1区' }, gazetteer);
    expect(location).toEqual({ district: 'X1区', street: '竹溪镇', matched: ['X1区', '竹溪乡'], source: 'field' });
  });

  it('falls back to the text when the field names nothing known', () => {
    const location = resolveLocation('X1区翠湖小区电梯坏了', { district: '外省某区', address: '不详' }, gazetteer);
    expect(location).toMatchObject({ district: 'X1区', source: 'text' });
  });
});

describe('resolveLocation from the text', () => {
  it('finds a district written out, including an alias spelling', () => {
    expect(resolveLocation('X2县市政府门前道路破损', undefined, gazetteer)).toEqual({ district: 'X2县', matched: ['X2县市'], source: 'text' });
  });

  it('lets a street imply its district, and a place its district and street', () => {
    expect(resolveLocation('竹溪镇集市占道经营严重', undefined, gazetteer)).toEqual({ district: 'X1区', street: '竹溪镇', matched: ['竹溪镇'], source: 'text' });
    expect(resolveLocation('兰亭路上的井盖松动', undefined, gazetteer)).toEqual({ district: 'X1区', street: '兰亭街道', matched: ['兰亭路'], source: 'text' });
    expect(resolveLocation('翠湖小区停车难', undefined, gazetteer)).toEqual({ district: 'X1区', matched: ['翠湖小区'], source: 'text' });
  });

  it('prefers the longest name at a position', () => {
    expect(resolveLocation('兰亭街道东社区噪音扰民', undefined, gazetteer)).toMatchObject({ district: 'X2县', street: '兰亭街道东', matched: ['兰亭街道东'] });
  });

  it('keeps a district written out over a street of another district mentioned in passing', () => {
    const location = resolveLocation('我住X1区，在石门镇上班，X1区的公交太少', undefined, gazetteer);
    expect(location).toEqual({ district: 'X1区', matched: ['X1区', '石门镇'], source: 'text' });
  });

  it('does not read a district name inside a longer code', () => {
    expect(resolveLocation('编号BX1区', undefined, gazetteer)).toEqual({ matched: [], source: 'none' });
  });

  it('says none when nothing matches', () => {
    expect(resolveLocation('希望增加公交班次', undefined, gazetteer)).toEqual({ matched: [], source: 'none' });
    expect(resolveLocation('希望增加公交班次', {}, gazetteer)).toEqual({ matched: [], source: 'none' });
  });
});

describe('resolveLocation on the demo city\'s gazetteer', () => {
  const city = loadCityConfig(CITY_DIR).gazetteer;

  it('resolves districts, county-level spellings and mined streets', () => {
    expect(resolveLocation('A8县市双凫铺镇中学门口车太多', undefined, city)).toMatchObject({ district: 'A8县', street: '双凫铺镇', source: 'text' });
    expect(resolveLocation('月亮岛街道有个排水口污水直排', undefined, city)).toMatchObject({ district: 'A6区', street: '月亮岛街道', source: 'text' });
    expect(resolveLocation('反映泉塘街道路灯问题', undefined, city)).toMatchObject({ district: 'A7县', street: '泉塘街道' });
    expect(resolveLocation('', { district: 'A3区', street: '洋湖' }, city)).toMatchObject({ district: 'A3区', street: '洋湖街道', source: 'field' });
  });

  it('maps any spelling of a district to its canonical name', () => {
    expect(canonicalDistrict('A8县市', city)).toBe('A8县');
    expect(canonicalDistrict('A3区', city)).toBe('A3区');
    expect(canonicalDistrict('洋湖街道', city)).toBeUndefined();
  });
});
