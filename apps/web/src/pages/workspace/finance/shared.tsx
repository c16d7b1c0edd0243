import { useQuery } from '@tanstack/react-query';
import { Descriptions } from 'antd';

import { api, type Schemas, unwrap } from '../../../lib/api';
import { day } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';

export type FinancingNeed = Schemas['FinancingNeedResponseDto'];
export type FinancingOffer = Schemas['FinancingOfferResponseDto'];
export type CollateralKind = Schemas['CollateralKind'];
export type NeedStatus = Schemas['FinancingNeedStatus'];

export const COLLATERAL_OPTIONS: { value: CollateralKind; label: string }[] = [
  { value: 'none', label: '无抵押（信用）' },
  { value: 'real_estate', label: '房产土地抵押' },
  { value: 'equipment', label: '机器设备抵押' },
  { value: 'intellectual_property', label: '知识产权质押' },
  { value: 'receivables', label: '应收账款质押' },
  { value: 'guarantee', label: '担保公司保证' },
];

export const NEED_STATUS_OPTIONS: { value: NeedStatus; label: string }[] = [
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '银行答题中' },
  { value: 'matched', label: '已选定方案' },
  { value: 'closed', label: '已办结' },
  { value: 'withdrawn', label: '已撤回' },
];

const NEED_TONES: Record<NeedStatus, 'ok' | 'bad' | 'info' | 'warn' | 'plain'> = {
  draft: 'plain',
  published: 'info',
  matched: 'warn',
  closed: 'ok',
  withdrawn: 'bad',
};

export function NeedStatusTag({ need }: { need: FinancingNeed }) {
  const tone = need.status === 'closed' && need.outcome === 'failed' ? 'bad' : NEED_TONES[need.status];
  return (
    <ToneTag tone={tone}>{need.outcomeLabel ? `${need.statusLabel}·${need.outcomeLabel}` : need.statusLabel}</ToneTag>
  );
}

export function OfferStatusTag({ offer }: { offer: FinancingOffer }) {
  const tone = offer.status === 'accepted' ? 'ok' : offer.status === 'not_chosen' ? 'plain' : 'info';
  return <ToneTag tone={tone}>{offer.statusLabel}</ToneTag>;
}

export const wan = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${v} 万元`);
export const rate = (o: FinancingOffer) => `${o.rateMin}% – ${o.rateMax}%`;

export const needKey = (id: string) => ['finance', 'need', id];
export const offersKey = (id: string) => ['finance', 'offers', id];

export function useNeed(id: string) {
  return useQuery({
    queryKey: needKey(id),
    queryFn: () => unwrap(api.GET('/finance/needs/{id}', { params: { path: { id } } })),
  });
}

export function useOffers(id: string) {
  return useQuery({
    queryKey: offersKey(id),
    queryFn: () => unwrap(api.GET('/finance/needs/{id}/offers', { params: { path: { id } } })),
  });
}

/** The need as its readers see it; the confidential figures only when the API sent them. */
export function NeedDescriptions({ need }: { need: FinancingNeed }) {
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label="融资企业">{need.enterpriseName ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="状态">
        <NeedStatusTag need={need} />
      </Descriptions.Item>
      <Descriptions.Item label="融资金额">{wan(need.amount)}</Descriptions.Item>
      <Descriptions.Item label="期限">{need.termMonths} 个月</Descriptions.Item>
      <Descriptions.Item label="资金用途" span={2}>
        {need.purpose}
      </Descriptions.Item>
      <Descriptions.Item label="可提供担保" span={2}>
        {need.collateralLabels.join('、') || '—'}
      </Descriptions.Item>
      {need.confidentialHidden ? (
        <Descriptions.Item label="保密信息" span={2}>
          抵质押物明细、财务数据和联系人在本行提交方案后可见
        </Descriptions.Item>
      ) : (
        <>
          <Descriptions.Item label="抵质押物说明" span={2}>
            {need.collateralDetails || '—'}
          </Descriptions.Item>
          <Descriptions.Item label="上年营业收入">{wan(need.annualRevenue)}</Descriptions.Item>
          <Descriptions.Item label="上年净利润">{wan(need.netProfit)}</Descriptions.Item>
          <Descriptions.Item label="联系人">{need.contactName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{need.contactPhone ?? '—'}</Descriptions.Item>
        </>
      )}
      {need.status === 'closed' && need.outcome === 'granted' && (
        <>
          <Descriptions.Item label="放款金额">{wan(need.loanAmount)}</Descriptions.Item>
          <Descriptions.Item label="放款日期">{need.loanDate ?? '—'}</Descriptions.Item>
        </>
      )}
      {need.closeReason && (
        <Descriptions.Item label={need.status === 'withdrawn' ? '撤回原因' : '未成原因'} span={2}>
          {need.closeReason}
        </Descriptions.Item>
      )}
      <Descriptions.Item label="发布日期">{day(need.publishedAt)}</Descriptions.Item>
      <Descriptions.Item label="登记日期">{day(need.createdAt)}</Descriptions.Item>
    </Descriptions>
  );
}
