import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import dayjs from 'dayjs';

import { api, type Schemas, unwrap } from '../../../lib/api';

export type Demand = Schemas['DemandResponseDto'];

export const demandKey = (id: string) => ['demand', id] as const;

/** One of the enterprise's own demands, with its confidential fields, quality and the last return. */
export function useDemand(id: string | undefined) {
  return useQuery({
    queryKey: demandKey(id ?? ''),
    queryFn: () => unwrap(api.GET('/demands/{id}', { params: { path: { id: id! } } })),
    enabled: Boolean(id),
  });
}

/** The manager's return: the reason and the 二次诊断 (what to clarify), shown before anything else. */
export function ReturnNotice({ demand }: { demand: Demand }) {
  const r = demand.lastReturn;
  if (!r || demand.status !== 'draft') return null;
  return (
    <Alert
      className="return-notice"
      type="warning"
      showIcon
      role="alert"
      message={`该需求已被退回修改（${r.by.name}，${dayjs(r.at).format('YYYY-MM-DD HH:mm')}）`}
      description={
        <dl>
          <dt>退回原因</dt>
          <dd data-testid="return-reason">{r.reason}</dd>
          {r.diagnosis && (
            <>
              <dt>二次诊断（请澄清或补充）</dt>
              <dd data-testid="return-diagnosis">{r.diagnosis}</dd>
            </>
          )}
          <dd>请按以上意见修改后重新提交审核。</dd>
        </dl>
      }
    />
  );
}
