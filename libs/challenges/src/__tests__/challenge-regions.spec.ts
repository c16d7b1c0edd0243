import {
  CHALLENGE_REGION_NAMES,
  challengeRegion,
  inRegion,
  locationOf,
  UNRESTRICTED_REGION,
} from '../challenge/challenge-regions';

const org = (name: string, district: string | null = null, address: string | null = null) => ({
  name,
  district,
  address,
});

describe('challenge regions (地域要求)', () => {
  it('takes everyone without a region, and knows only the listed regions', () => {
    expect(challengeRegion(null)).toBeNull();
    expect(challengeRegion(UNRESTRICTED_REGION)).toBeNull();
    expect(challengeRegion('火星基地')).toBeUndefined();
    expect(CHALLENGE_REGION_NAMES.slice(0, 5)).toEqual(['不限地区', '昆山市', '苏州市', '江苏省', '长三角地区']);
    expect(CHALLENGE_REGION_NAMES).toContain('昆山市周市镇');
  });

  it('places an organisation by its Kunshan district, then its address, then its name', () => {
    const kunshan = challengeRegion('昆山市')!;
    expect(inRegion(kunshan, org('昆山精密传动研究院', '周市镇'))).toBe(true);
    expect(inRegion(kunshan, org('某研究院', null, '江苏省昆山市玉山镇前进西路 1 号'))).toBe(true);
    expect(inRegion(kunshan, org('苏州大学'))).toBe(false);
    const suzhou = challengeRegion('苏州市')!;
    expect(inRegion(suzhou, org('苏州大学'))).toBe(true);
    expect(inRegion(suzhou, org('常熟理工学院', null, '常熟市南三环路 99 号'))).toBe(true);
    const delta = challengeRegion('长三角地区')!;
    expect(inRegion(delta, org('南京理工大学'))).toBe(true);
    expect(inRegion(delta, org('某研究院', null, '浙江省杭州市西湖区'))).toBe(true);
    expect(inRegion(delta, org('燕园精密仪器研究所', null, '北京市海淀区学院路 30 号'))).toBe(false);
    // an address decides over the name: a 苏州-named institute located in Beijing is not in 苏州
    expect(inRegion(suzhou, org('苏州精密仪器北京研究所', null, '北京市海淀区'))).toBe(false);
    const town = challengeRegion('昆山市开发区')!;
    expect(inRegion(town, org('甲', '开发区'))).toBe(true);
    expect(inRegion(town, org('乙', '高新区'))).toBe(false);
  });

  it('names the location a refusal quotes', () => {
    expect(locationOf(org('甲', '周市镇'))).toBe('昆山市周市镇');
    expect(locationOf(org('乙', null, ' 北京市海淀区 '))).toBe('北京市海淀区');
    expect(locationOf(org('丙'))).toBe('未登记所在区镇或地址');
  });
});
