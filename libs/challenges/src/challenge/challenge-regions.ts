/**
 * Region eligibility of a call (揭榜地域要求), as data: a call names one of these regions (or none: 不限地区), and a
 * bid's lead organisation must be located in it. The registry knows an organisation's Kunshan 区镇 (`district`, set
 * only for organisations in Kunshan), its address and its name; an organisation is in a region when its district is
 * one of the region's 区镇, or when its address — failing that its name, as institutions are usually named after
 * their city (苏州大学, 南京理工大学) — names a place of the region. For a consortium the lead decides: members are
 * not checked (a joint bid may bring partners from outside, as 「项目+课题」 intends).
 */
export const KUNSHAN_DISTRICTS = [
  '开发区',
  '高新区',
  '花桥经济开发区',
  '旅游度假区',
  '周市镇',
  '张浦镇',
  '陆家镇',
  '巴城镇',
  '千灯镇',
  '淀山湖镇',
  '锦溪镇',
  '周庄镇',
] as const;

const SUZHOU_PLACES = ['苏州', '昆山', '张家港', '常熟', '太仓', '吴江', '吴中', '相城', '姑苏', '虎丘'];
const JIANGSU_PLACES = [
  '江苏',
  '南京',
  '无锡',
  '徐州',
  '常州',
  '南通',
  '连云港',
  '淮安',
  '盐城',
  '扬州',
  '镇江',
  '泰州',
  '宿迁',
  ...SUZHOU_PLACES,
];
/** 长三角: Shanghai, Jiangsu, Zhejiang and Anhui with their 41 cities. */
const YANGTZE_DELTA_PLACES = [
  '上海',
  ...JIANGSU_PLACES,
  '浙江',
  '杭州',
  '宁波',
  '温州',
  '嘉兴',
  '湖州',
  '绍兴',
  '金华',
  '衢州',
  '舟山',
  '台州',
  '丽水',
  '安徽',
  '合肥',
  '淮北',
  '亳州',
  '宿州',
  '蚌埠',
  '阜阳',
  '淮南',
  '滁州',
  '六安',
  '马鞍山',
  '芜湖',
  '宣城',
  '铜陵',
  '池州',
  '安庆',
  '黄山',
];

export interface ChallengeRegion {
  name: string;
  /** Kunshan 区镇 of the region (an organisation whose district is one of them is in the region). */
  districts: readonly string[];
  /** Place names: an address (or name) containing one of them is in the region. */
  places: readonly string[];
}

/** A call without a region requirement stores null or this label. */
export const UNRESTRICTED_REGION = '不限地区';

export const CHALLENGE_REGIONS: readonly ChallengeRegion[] = [
  { name: '昆山市', districts: KUNSHAN_DISTRICTS, places: ['昆山'] },
  { name: '苏州市', districts: KUNSHAN_DISTRICTS, places: SUZHOU_PLACES },
  { name: '江苏省', districts: KUNSHAN_DISTRICTS, places: JIANGSU_PLACES },
  { name: '长三角地区', districts: KUNSHAN_DISTRICTS, places: YANGTZE_DELTA_PLACES },
  // One Kunshan 区镇: the district recorded in the registry (an address naming it counts as well).
  ...KUNSHAN_DISTRICTS.map((d) => ({ name: `昆山市${d}`, districts: [d], places: [`昆山${d}`, `昆山市${d}`] })),
];

export const CHALLENGE_REGION_NAMES = [UNRESTRICTED_REGION, ...CHALLENGE_REGIONS.map((r) => r.name)];

/** The region a call requires, or null when it takes bidders from anywhere. Unknown names: undefined. */
export function challengeRegion(name: string | null | undefined): ChallengeRegion | null | undefined {
  if (!name || name === UNRESTRICTED_REGION) return null;
  return CHALLENGE_REGIONS.find((r) => r.name === name);
}

export interface LocatedOrganisation {
  name: string;
  district: string | null;
  address: string | null;
}

/** Whether the organisation is located in the region (see the rule above). */
export function inRegion(region: ChallengeRegion, org: LocatedOrganisation): boolean {
  if (org.district && region.districts.includes(org.district)) return true;
  const text = org.address?.trim() ? org.address : org.name;
  return region.places.some((p) => text.includes(p));
}

/** How the organisation's location reads in a refusal. */
export function locationOf(org: LocatedOrganisation): string {
  if (org.district) return `昆山市${org.district}`;
  if (org.address?.trim()) return org.address.trim();
  return '未登记所在区镇或地址';
}
