import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The committed demo city (config/city). */
export const CITY_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../config/city');

/** A small made-up city, as parsed JSON, for tests that need to know every entry. Each call returns a fresh copy. */
export function smallCity(): { departments: { departments: Array<Record<string, unknown>> }; gazetteer: Record<string, unknown>; catalog: { categories: string[]; rules: Array<Record<string, unknown>> } } {
  return {
    departments: {
      departments: [
        { id: 'x-housing', name: 'X市住房和城乡建设局', level: 'city', functionCode: 'housing-construction' },
        { id: 'x-fund', name: 'X市住房公积金管理中心', level: 'city', functionCode: 'housing-construction', role: 'specialized' },
        { id: 'x-urban', name: 'X市城市管理和综合执法局', level: 'city', functionCode: 'urban-management' },
        { id: 'x-transport', name: 'X市交通运输局', level: 'city', functionCode: 'transport' },
        { id: 'x-sports', name: 'X市体育局', level: 'city', functionCode: 'culture-tourism-sports', role: 'specialized' },
        { id: 'x-culture', name: 'X市文化旅游局', level: 'city', functionCode: 'culture-tourism-sports' },
        { id: 'x1-government', name: 'X1区人民政府', level: 'district', district: 'X1区', functionCode: 'district-government' },
        { id: 'x1-housing', name: 'X1区住房和城乡建设局', level: 'district', district: 'X1区', functionCode: 'housing-construction' },
        { id: 'x1-urban', name: 'X1区城市管理和综合执法局', level: 'district', district: 'X1区', functionCode: 'urban-management' },
        { id: 'x1-culture', name: 'X1区文化旅游体育局', level: 'district', district: 'X1区', functionCode: 'culture-tourism-sports' },
        { id: 'x1-lanting-office', name: 'X1区兰亭街道办事处', level: 'street', district: 'X1区', street: '兰亭街道', functionCode: 'street-township' },
        { id: 'x2-government', name: 'X2县人民政府', level: 'district', district: 'X2县', functionCode: 'district-government' },
        { id: 'x2-urban', name: 'X2县城市管理局', level: 'district', district: 'X2县', functionCode: 'urban-management' },
      ],
    },
    gazetteer: {
      city: { name: 'X市', aliases: [] },
      districts: [
        {
          name: 'X1区', kind: '区', aliases: [],
          streets: [
            { name: '兰亭街道', kind: '街道', aliases: [] },
            { name: '竹溪镇', kind: '镇', aliases: ['竹溪乡'] },
          ],
          places: [
            { name: '兰亭路', kind: 'road', street: '兰亭街道' },
            { name: '翠湖小区', kind: 'compound' },
          ],
        },
        {
          name: 'X2县', kind: '县', aliases: ['X2县市'],
          streets: [{ name: '石门镇', kind: '镇', aliases: [] }, { name: '兰亭街道东', kind: '街道', aliases: [] }],
          places: [{ name: '石门水库', kind: 'landmark', street: '石门镇' }],
        },
      ],
    },
    catalog: {
      categories: ['城乡建设', '教育文体', '交通运输'],
      rules: [
        {
          id: 'r-property', category: '城乡建设', keywords: ['物业', '业委会'], description: '物业管理由住建部门主办，街道协办',
          lead: { function: 'housing-construction' }, co: [{ function: 'street-township', fallback: 'district-government' }],
        },
        { id: 'r-illegal', category: '城乡建设', keywords: ['违建', '搭建'], description: '违法建设由城管部门主办', lead: { function: 'urban-management' } },
        { id: 'r-fund', category: '城乡建设', keywords: ['公积金'], description: '公积金由公积金中心主办', lead: { department: 'x-fund' } },
        {
          id: 'r-expropriation', category: '城乡建设', keywords: ['拆迁'], description: '拆迁按属地由区县政府主办',
          lead: { function: 'district-government' }, co: [{ function: 'housing-construction' }],
        },
        { id: 'r-housing', category: '城乡建设', description: '城乡建设其他事项由住建部门主办', lead: { function: 'housing-construction' } },
        { id: 'r-sports', category: '教育文体', keywords: ['球场'], description: '体育设施由文旅体育部门主办', lead: { function: 'culture-tourism-sports', cityDepartment: 'x-sports' } },
        { id: 'r-transport', category: '交通运输', description: '交通运输由市交通运输局统一承办', lead: { function: 'transport', scope: 'city' } },
      ],
    },
  };
}
