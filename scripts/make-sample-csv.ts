// Writes docs/sample-customers.csv and docs/sample-orders.csv: a few thousand made-up, bilingual
// customers and their orders, the same every run (a seeded generator). Phones are written the many
// ways people write them (138 1234 5678, +86 138-1234-5678, 0086…, landlines with area codes,
// foreign numbers); a few orders name their customer by phone or email instead of the external id.
// Every row imports cleanly. The benchmark (bench/import.ts) uses the same generator, bigger.
//
//   npx tsx scripts/make-sample-csv.ts            (3,000 customers, about 9,000 orders)

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { stringify } from 'csv-stringify/sync';
import { isValidPhone, normalizePhone } from '../src/domain/phone.ts';

export const SAMPLE_CUSTOMER_HEADER = ['external_id', 'name', 'phone', 'email', 'birthday', 'country', 'timezone', 'locale'];
export const SAMPLE_ORDER_HEADER = ['order_number', 'customer_external_id', 'customer_phone', 'customer_email', 'amount', 'currency', 'placed_at', 'status', 'items'];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高'];
const SURNAME_PINYIN = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he', 'lin', 'luo', 'gao'];
const GIVEN = ['芳', '伟', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '丽', '强', '霞', '平', '刚', '桂英', '建华', '晓东', '雪梅'];
const GIVEN_PINYIN = [
  'fang',
  'wei',
  'na',
  'min',
  'jing',
  'lei',
  'yang',
  'yan',
  'yong',
  'jun',
  'jie',
  'juan',
  'tao',
  'ming',
  'chao',
  'xiuying',
  'li',
  'qiang',
  'xia',
  'ping',
  'gang',
  'guiying',
  'jianhua',
  'xiaodong',
  'xuemei',
];
const FIRST = ['Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'James', 'Sophia', 'Lucas', 'Mia', 'Henry', 'Grace', 'Jack', 'Chloe', 'Daniel', 'Ruby'];
const LAST = ['Smith', 'Brown', 'Taylor', 'Wilson', 'Walker', 'Clarke', 'Hughes', 'Turner', 'Parker', 'Evans', 'Ng', 'Tan', 'Wong', 'Lee', 'Chan'];
const MOBILE_PREFIXES = ['130', '131', '132', '135', '136', '137', '138', '139', '150', '151', '152', '157', '158', '159', '177', '180', '182', '186', '187', '188', '189'];
const LANDLINE_AREAS = [
  ['010', 8],
  ['021', 8],
  ['020', 8],
  ['0755', 8],
  ['0571', 8],
] as const;
const ABROAD = [
  { country: 'HK', timezone: 'Asia/Hong_Kong', phone: (d: string) => `+852 9${d.slice(0, 3)} ${d.slice(3, 7)}` },
  { country: 'SG', timezone: 'Asia/Singapore', phone: (d: string) => `+65 8${d.slice(0, 3)} ${d.slice(3, 7)}` },
  { country: 'US', timezone: 'America/Los_Angeles', phone: (d: string) => `+1 (415) 555-01${d.slice(0, 2)}` },
  { country: 'GB', timezone: 'Europe/London', phone: (d: string) => `+44 20 7946 0${d.slice(0, 3)}` },
] as const;
const PRODUCTS = [
  ['牛奶 1L', 'milk 1L', 12_90],
  ['电热水壶', 'electric kettle', 159_00],
  ['空气炸锅', 'air fryer', 399_00],
  ['扫地机器人', 'robot vacuum', 1_899_00],
  ['蓝牙耳机', 'Bluetooth earphones', 299_00],
  ['电饭煲', 'rice cooker', 459_00],
  ['洗衣液 3kg', 'laundry liquid 3kg', 49_90],
  ['空气净化器', 'air purifier', 1_299_00],
  ['咖啡豆 500g', 'coffee beans 500g', 88_00],
  ['保温杯', 'vacuum flask', 79_00],
] as const;
const STATUSES = ['completed', 'completed', 'completed', 'delivered', 'delivered', 'shipped', 'paid', 'placed', 'cancelled', 'refunded'];
const SHOPS = ['JD', 'TB', 'PDD'];
/** Orders fall in the two years before this day (the samples' "today"). */
const UNTIL = Date.parse('2026-12-01T00:00:00+08:00');
const DAY_MS = 24 * 60 * 60_000;

/** A small seeded generator (mulberry32): the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleCustomer {
  cells: string[];
  externalId: string;
  phone: string | null;
  email: string | null;
  /** How much this customer buys: a few buy most (Pareto), as ABC tiers expect. */
  weight: number;
}

/** `count` customers; external ids C000001…, every phone valid and on one customer only. */
export function sampleCustomers(count: number, seed = 14): SampleCustomer[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const phones = new Set<string>();
  const customers: SampleCustomer[] = [];
  for (let i = 1; i <= count; i += 1) {
    const externalId = `C${String(i).padStart(6, '0')}`;
    const abroad = random() < 0.12 ? pick(ABROAD) : undefined;
    const chinese = !abroad || random() < 0.5;
    const surname = Math.floor(random() * SURNAMES.length);
    const given = Math.floor(random() * GIVEN.length);
    const name = chinese ? `${SURNAMES[surname]}${GIVEN[given]}` : `${pick(FIRST)} ${pick(LAST)}`;
    const handle = chinese ? `${SURNAME_PINYIN[surname]}.${GIVEN_PINYIN[given]}${i}` : `${name.toLowerCase().replace(' ', '.')}${i}`;
    let phone: string | null = null;
    for (let attempt = 0; attempt < 20 && random() < 0.93 && !phone; attempt += 1) {
      const written = abroad ? abroad.phone(digits(7)) : writeChinesePhone(random, digits);
      const normal = normalizePhone(written);
      if (isValidPhone(written) && !phones.has(normal)) {
        phones.add(normal);
        phone = written;
      }
    }
    const email = random() < 0.7 || !phone ? `${handle}@${pick(['example.com', 'example.cn', 'example.org'])}` : null;
    const birthday = random() < 0.6 ? new Date(Date.UTC(1950 + Math.floor(random() * 55), Math.floor(random() * 12), 1 + Math.floor(random() * 28))).toISOString().slice(0, 10) : '';
    const country = abroad?.country ?? (random() < 0.85 ? 'CN' : '');
    const timezone = abroad?.timezone ?? (country ? 'Asia/Shanghai' : '');
    const locale = chinese ? (random() < 0.9 ? 'zh' : 'zh-CN') : 'en';
    customers.push({ cells: [externalId, name, phone ?? '', email ?? '', birthday, country, timezone, locale], externalId, phone, email, weight: 1 / (1 + random() * 30) ** 1.5 });
  }
  return customers;
}

function writeChinesePhone(random: () => number, digits: (n: number) => string): string {
  if (random() < 0.12) {
    const [area, length] = LANDLINE_AREAS[Math.floor(random() * LANDLINE_AREAS.length)]!;
    const number = `${2 + Math.floor(random() * 7)}${digits(length - 1)}`;
    return random() < 0.5 ? `(${area}) ${number.slice(0, 4)} ${number.slice(4)}` : `${area}-${number}`;
  }
  const prefix = MOBILE_PREFIXES[Math.floor(random() * MOBILE_PREFIXES.length)]!;
  const rest = digits(8);
  const styles = [
    `${prefix}${rest}`,
    `${prefix} ${rest.slice(0, 4)} ${rest.slice(4)}`,
    `+86 ${prefix}-${rest.slice(0, 4)}-${rest.slice(4)}`,
    `0086 ${prefix}${rest}`,
    `+86${prefix}${rest}`,
    `${prefix}-${rest.slice(0, 4)}-${rest.slice(4)}`,
  ];
  return styles[Math.floor(random() * styles.length)]!;
}

/** Orders of these customers, about `perCustomer` each on average (weighted); numbers unique. */
export function sampleOrders(customers: readonly SampleCustomer[], perCustomer = 3, seed = 1414): string[][] {
  const random = seededRandom(seed);
  const totalWeight = customers.reduce((sum, c) => sum + c.weight, 0);
  const rows: string[][] = [];
  let serial = 0;
  for (const customer of customers) {
    const count = Math.max(random() < 0.15 ? 0 : 1, Math.round((customer.weight / totalWeight) * customers.length * perCustomer * (0.5 + random())));
    for (let k = 0; k < count; k += 1) {
      serial += 1;
      const shop = SHOPS[serial % SHOPS.length]!;
      const [zh, en, price] = PRODUCTS[Math.floor(random() * PRODUCTS.length)]!;
      const quantity = 1 + Math.floor(random() ** 3 * 4);
      const amount = price * quantity;
      const placedAt = new Date(UNTIL - Math.floor(random() * 730 * DAY_MS));
      const number = `${shop}${shanghaiTime(placedAt).slice(0, 10).replace(/-/g, '')}${String(serial).padStart(7, '0')}`;
      // Sometimes the shop knows the customer only by phone (written another way) or email.
      const by = random();
      const byPhone = by < 0.05 && customer.phone;
      const byEmail = !byPhone && by < 0.08 && customer.email;
      rows.push([
        number,
        byPhone || byEmail ? '' : customer.externalId,
        byPhone ? normalizePhone(customer.phone!) : '',
        byEmail ? customer.email!.toUpperCase() : '',
        `${Math.floor(amount / 100)}.${String(amount % 100).padStart(2, '0')}`,
        'CNY',
        shanghaiTime(placedAt),
        STATUSES[Math.floor(random() * STATUSES.length)]!,
        `${quantity} × ${random() < 0.6 ? zh : en}`,
      ]);
    }
  }
  return rows;
}

/** 2026-11-28T14:03:00+08:00 */
function shanghaiTime(at: Date): string {
  return `${new Date(at.getTime() + 8 * 60 * 60_000).toISOString().slice(0, 19)}+08:00`;
}

export function customersCsv(customers: readonly SampleCustomer[]): string {
  return stringify([SAMPLE_CUSTOMER_HEADER, ...customers.map((c) => c.cells)]);
}

export function ordersCsv(rows: readonly string[][]): string {
  return stringify([SAMPLE_ORDER_HEADER, ...rows]);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const customers = sampleCustomers(3000);
  const orders = sampleOrders(customers);
  writeFileSync(new URL('../docs/sample-customers.csv', import.meta.url), customersCsv(customers));
  writeFileSync(new URL('../docs/sample-orders.csv', import.meta.url), ordersCsv(orders));
  console.log(`wrote docs/sample-customers.csv (${customers.length} customers) and docs/sample-orders.csv (${orders.length} orders)`);
}
