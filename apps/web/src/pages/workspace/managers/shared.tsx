import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';

import { api, ApiError, type Schemas, unwrap } from '../../../lib/api';

export type Profile = Schemas['ManagerProfileResponseDto'];
export type Assignment = Schemas['AssignmentResponseDto'];
export type ServiceRecord = Schemas['ServiceRecordResponseDto'];
export type Agency = Schemas['AgencyResponseDto'];
export type Camp = Schemas['CampResponseDto'];
export type AffiliationKind = Profile['affiliationKind'];
export type CertificateLevel = NonNullable<Profile['certificateLevel']>;
export type RecordKind = ServiceRecord['kind'];
export type AssignmentKind = Assignment['kind'];
export type AgencyStatus = Agency['status'];
export type ServiceScope = Agency['serviceScope'][number];
export type OrganisationKind = Schemas['OrganisationKind'];

/** Chinese names of the managers context's enums, as libs/managers/src/managers.domain.ts words them. */
export const AFFILIATION_LABELS: Record<AffiliationKind, string> = {
  agency: '技术转移服务机构',
  university: '驻校',
  institute: '工研院',
  district: '区镇',
};

export const CERTIFICATE_LABELS: Record<CertificateLevel, string> = {
  junior: '初级',
  intermediate: '中级',
  senior: '高级',
};

export const RECORD_KIND_LABELS: Record<RecordKind, string> = {
  visit: '走访',
  call: '电话沟通',
  roadmap_workshop: '技术路线图研讨',
  need_mining: '需求挖掘',
  agreement: '合作协议签署',
};

export const ASSIGNMENT_KIND_LABELS: Record<AssignmentKind, string> = {
  enterprise: '龙头企业一对一服务',
  university: '驻校服务',
};

export const AGENCY_STATUS_LABELS: Record<AgencyStatus, string> = {
  registered: '已登记（未备案）',
  filed: '已备案',
  revoked: '备案已撤销',
};

export const SCOPE_LABELS: Record<ServiceScope, string> = {
  tech_transfer: '技术转移转化',
  intellectual_property: '知识产权运营',
  finance: '投融资服务',
  legal: '法律服务',
  evaluation: '技术评估评价',
  incubation: '孵化服务',
  training: '培训服务',
};

export function options<K extends string>(labels: Record<K, string>) {
  return (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));
}

/** The signed-in manager's own profile; `data` is null when they have none yet (404). */
export function useMyProfile(enabled = true) {
  return useQuery({
    queryKey: ['managers', 'me'],
    enabled,
    queryFn: async () => {
      try {
        return await unwrap(api.GET('/managers/me'));
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }
    },
  });
}

/** Active technology managers for pickers (staff only). */
export function useManagerOptions(enabled = true) {
  return useQuery({
    queryKey: ['managers', 'options'],
    enabled,
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET('/managers', { params: { query: { status: 'active', pageSize: 100 } } })),
    select: (page) => page.items.map((p) => ({ value: p.id, label: p.name })),
  });
}

/** An organisation picker searching the registry by name (staff only), optionally of one kind. */
export function OrganisationSelect({
  kind,
  value,
  onChange,
  id,
  placeholder = '输入名称搜索',
  ariaLabel,
  allowClear,
  style,
}: {
  kind?: OrganisationKind;
  value?: string;
  onChange?: (v: string | undefined) => void;
  id?: string;
  placeholder?: string;
  ariaLabel?: string;
  allowClear?: boolean;
  style?: React.CSSProperties;
}) {
  const [q, setQ] = useState('');
  const orgs = useQuery({
    queryKey: ['organisations', 'picker', kind, q],
    queryFn: () => unwrap(api.GET('/organisations', { params: { query: { kind, q: q || undefined, pageSize: 20 } } })),
  });
  return (
    <Select
      id={id}
      aria-label={ariaLabel}
      allowClear={allowClear}
      style={style}
      value={value}
      onChange={onChange}
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={orgs.isPending}
      options={(orgs.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
    />
  );
}

export { today } from '../../../components/FormFields';
