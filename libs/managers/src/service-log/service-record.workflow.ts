import { Workflow } from '@app/common';

/** A record stands until it is removed (it then no longer counts anywhere). */
export type ServiceRecordState = 'active' | 'removed';
export type ServiceRecordAction = 'remove';

export const SERVICE_RECORD_STATE_LABELS: Record<ServiceRecordState, string> = {
  active: '有效',
  removed: '已删除',
};

export const SERVICE_RECORD_WORKFLOW: Workflow<ServiceRecordState, ServiceRecordAction> = {
  remove: { from: ['active'], to: 'removed', by: ['staff', 'owner'], label: '删除服务记录', reasonRequired: true },
};

/** A need is open until it is linked to the demand it became; a wrong link is undone. */
export type NeedState = 'open' | 'linked';
export type NeedAction = 'link' | 'unlink';

export const NEED_STATE_LABELS: Record<NeedState, string> = { open: '待转化为需求', linked: '已转化为需求' };

export const NEED_WORKFLOW: Workflow<NeedState, NeedAction> = {
  link: { from: ['open'], to: 'linked', by: ['staff', 'owner'], label: '关联技术需求' },
  unlink: { from: ['linked'], to: 'open', by: ['staff', 'owner'], label: '取消关联' },
};
