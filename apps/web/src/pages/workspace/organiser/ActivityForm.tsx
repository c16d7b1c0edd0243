import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { api, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { errorText, useChains, useNotify } from '../../../lib/workspace';
import { type Activity, ACTIVITY_KIND_LABELS, type ActivityKind } from './shared';

interface Fields {
  kind: ActivityKind;
  title: string;
  scheduledAt: Dayjs;
  place: string;
  district?: string;
  industryChainIds?: string[];
  participants?: string[];
  notes?: string;
}

const FIELDS = ['kind', 'title', 'scheduledAt', 'place', 'district', 'industryChainIds', 'participants', 'notes'];

/** 新建 / 编辑活动: type, title, time, place, chains and the participating organisations. */
export default function ActivityForm({
  activity,
  initialDate,
  onClose,
  onSaved,
}: {
  activity?: Activity;
  initialDate?: Dayjs;
  onClose: () => void;
  onSaved: (a: Activity) => void;
}) {
  const [form] = Form.useForm<Fields>();
  const notify = useNotify();
  const client = useQueryClient();
  const chains = useChains();
  const [orgQ, setOrgQ] = useState('');
  const organisations = useQuery({
    queryKey: ['organisations', 'participants', orgQ],
    queryFn: () => unwrap(api.GET('/organisations', { params: { query: { q: orgQ || undefined, pageSize: 30 } } })),
  });
  // Participants already chosen stay labelled while the search shows other names.
  const known = new Map((activity?.participants ?? []).map((p) => [p.organisationId, p.organisationName]));
  for (const o of organisations.data?.items ?? []) known.set(o.id, o.name);

  const save = useMutation({
    mutationFn: async (v: Fields) => {
      const body = {
        kind: v.kind,
        title: v.title,
        scheduledAt: v.scheduledAt.format('YYYY-MM-DDTHH:mm:ssZ'),
        place: v.place,
        district: v.district || undefined,
        industryChainIds: v.industryChainIds ?? [],
        participants: (v.participants ?? []).map((organisationId) => ({ organisationId })),
        notes: v.notes ?? '',
      };
      if (!activity) return unwrap(api.POST('/activities', { body }));
      return unwrap(
        api.PATCH('/activities/{id}', {
          params: { path: { id: activity.id } },
          body: { ...body, district: v.district || null, version: activity.version },
        }),
      );
    },
    onSuccess: (a) => {
      notify.ok(activity ? '活动已保存' : '活动已创建');
      void client.invalidateQueries({ queryKey: ['activities'] });
      client.setQueryData(['activity', a.id], a);
      onSaved(a);
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, FIELDS)) notify.fail(err);
    },
  });

  const initial: Partial<Fields> = activity
    ? {
        kind: activity.kind,
        title: activity.title,
        scheduledAt: dayjs(activity.scheduledAt),
        place: activity.place,
        district: activity.district ?? undefined,
        industryChainIds: activity.industryChainIds,
        participants: activity.participants.map((p) => p.organisationId),
        notes: activity.notes,
      }
    : { kind: 'roadshow', scheduledAt: (initialDate ?? dayjs().add(14, 'day')).hour(9).minute(30).second(0) };

  return (
    <Modal
      open
      title={activity ? `编辑活动：${activity.title}` : '新建活动'}
      okText="保存"
      cancelText="取消"
      okButtonProps={{ loading: save.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={720}
    >
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Form.Item name="kind" label="活动类型" rules={[{ required: true, message: '请选择活动类型' }]}>
          <Select options={Object.entries(ACTIVITY_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label="活动名称"
          rules={[
            { required: true, message: '请填写活动名称' },
            { min: 4, message: '活动名称至少 4 个字' },
          ]}
        >
          <Input maxLength={120} placeholder="如：2026 百校群英荟·智能制造专场" />
        </Form.Item>
        <Form.Item name="scheduledAt" label="活动时间" rules={[{ required: true, message: '请选择活动时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="place" label="活动地点" rules={[{ required: true, message: '请填写活动地点' }]}>
          <Input maxLength={200} placeholder="如：昆山市科技创新服务中心三楼报告厅" />
        </Form.Item>
        <Form.Item name="district" label="所在区镇（选填）">
          <Input maxLength={50} placeholder="如：玉山镇" />
        </Form.Item>
        <Form.Item name="industryChainIds" label="产业链" extra="对接清单的推荐只在这些产业链中查找；不选则不限。">
          <Select
            mode="multiple"
            allowClear
            placeholder="选择产业链"
            options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
        </Form.Item>
        <Form.Item
          name="participants"
          label="参与机构"
          extra="企业与高校院所，输入名称搜索；推荐只在参与企业的需求与参与高校的成果之间产生。"
        >
          <Select
            mode="multiple"
            showSearch={{ filterOption: false, onSearch: setOrgQ }}
            placeholder="输入机构名称搜索"
            loading={organisations.isFetching}
            notFoundContent={organisations.error ? errorText(organisations.error) : '没有找到机构'}
            options={[...known].map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item name="notes" label="备注（选填）">
          <Input.TextArea rows={2} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
