import { inMultiPolygon } from '../../shared/geo.js';
import { mulberry32, type Rng } from '../platform/random.js';

/** Deterministic randomness for the demo city (same seed → same city). */
export { mulberry32, type Rng };
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
export function weighted<T>(r: Rng, xs: readonly (readonly [T, number])[]): T {
  const total = xs.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of xs) if ((x -= w) < 0) return v;
  return xs[xs.length - 1][0];
}

/** A random point inside the polygon, pulled towards `centre` by `cluster` (0 = uniform). */
export function randomPointIn(r: Rng, mp: number[][][][], centre: [number, number], cluster: number): [number, number] {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const poly of mp)
    for (const [x, y] of poly[0]) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
      minY = Math.min(minY, y);
      maxY = Math.max(maxY, y);
    }
  for (let i = 0; i < 500; i++) {
    let x = minX + r() * (maxX - minX);
    let y = minY + r() * (maxY - minY);
    if (r() < cluster) {
      x = centre[0] + (x - centre[0]) * 0.35;
      y = centre[1] + (y - centre[1]) * 0.35;
    }
    // tested after rounding: a point a few centimetres inside the border may round to outside it
    const [rx, ry] = [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
    if (inMultiPolygon(rx, ry, mp)) return [rx, ry];
  }
  return centre;
}

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国春梅海林斌飞鹏宇浩凯晨欣怡婷雪琳晓红文辉志强永庆荣根宝金福德兴';
export function personName(r: Rng): string {
  const n = 1 + Math.floor(r() * 2);
  let s = pick(r, [...SURNAMES]);
  for (let i = 0; i < n; i++) s += pick(r, [...GIVEN]);
  return s;
}
const ENT_PREFIX = ['嘉兴', '平湖', '浙江', '嘉兴市', '平湖市'];
const ENT_CORE = ['恒达', '宏盛', '鑫源', '华强', '金泰', '永丰', '东方', '天成', '联创', '新星', '兴业', '瑞祥', '隆鑫', '佳和', '通力', '海宁', '光明', '精工'];
const ENT_TRADE = ['五金制品', '服装辅料', '机械', '箱包', '塑料制品', '纺织', '物流', '光电科技', '电子', '食品', '木业', '新材料'];
export function enterpriseName(r: Rng): string {
  return `${pick(r, ENT_PREFIX)}${pick(r, ENT_CORE)}${pick(r, ENT_TRADE)}有限公司`;
}
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export function uscc(r: Rng): string {
  let s = '913304';
  s += '82';
  while (s.length < 18) s += USCC_CHARS[Math.floor(r() * USCC_CHARS.length)];
  return s;
}
export function idNumber(r: Rng): string {
  const y = 1950 + Math.floor(r() * 50);
  const m = 1 + Math.floor(r() * 12);
  const d = 1 + Math.floor(r() * 28);
  const tail = String(Math.floor(r() * 1000)).padStart(3, '0');
  return `330482${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${tail}${pick(r, '0123456789X'.split(''))}`;
}
export function phone(r: Rng): string {
  return `1${pick(r, ['3', '5', '7', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
}
