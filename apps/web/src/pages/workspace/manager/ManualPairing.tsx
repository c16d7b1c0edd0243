import { useMutation, useQuery } from '@tanstack/react-query';
import { Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';

import { api, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { errorText, useNotify } from '../../../lib/workspace';

interface Fields {
  demandId: string;
  achievementId: string;
  note?: string;
}

/** 人工配对: a manager pairs a published demand with a published achievement (e.g. met at a roadshow). */
export default function ManualPairing({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const [form] = Form.useForm<Fields>();
  const notify = useNotify();
  const [demandQ, setDemandQ] = useState('');
  const [achievementQ, setAchievementQ] = useState('');
  // The pickers find records by name: what is typed is searched as typed, not read as a question.
  const demands = useQuery({
    queryKey: ['demands', 'pairing', demandQ],
    queryFn: () =>
      unwrap(
        api.GET('/demands', {
          params: {
            query: { q: demandQ || undefined, understand: false, status: ['published', 'in_progress'], pageSize: 20 },
          },
        }),
      ),
  });
  const achievements = useQuery({
    queryKey: ['achievements', 'pairing', achievementQ],
    queryFn: () =>
      unwrap(
        api.GET('/achievements', {
          params: {
            query: { q: achievementQ || undefined, understand: false, status: ['published'], pageSize: 20 },
          },
        }),
      ),
  });
  const create = useMutation({
    mutationFn: (v: Fields) => unwrap(api.POST('/matches', { body: { ...v, note: v.note || undefined } })),
    onSuccess: (m) => {
      notify.ok('已人工配对，进入“系统推荐”阶段待确认');
      onCreated(m.id);
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['demandId', 'achievementId', 'note'])) notify.fail(err);
    },
  });

  return (
    <Modal
      open
      title="人工配对"
      okText="配对"
      cancelText="取消"
      okButtonProps={{ loading: create.isPending }}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
    >
      <Form form={form} layout="vertical" onFinish={(v) => create.mutate(v)}>
        <Form.Item
          name="demandId"
          label="技术需求"
          rules={[{ required: true, message: '请选择技术需求' }]}
          extra="已发布或对接中的需求，输入名称搜索。"
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setDemandQ }}
            placeholder="输入需求名称搜索"
            loading={demands.isFetching}
            notFoundContent={demands.error ? errorText(demands.error) : '没有找到需求'}
            options={(demands.data?.items ?? []).map((d) => ({
              value: d.id,
              label: `${d.title}（${d.ownerOrganisationName ?? '—'}）`,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="achievementId"
          label="科技成果"
          rules={[{ required: true, message: '请选择科技成果' }]}
          extra="已发布的成果，输入名称搜索。"
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setAchievementQ }}
            placeholder="输入成果名称搜索"
            loading={achievements.isFetching}
            notFoundContent={achievements.error ? errorText(achievements.error) : '没有找到成果'}
            options={(achievements.data?.items ?? []).map((a) => ({
              value: a.id,
              label: `${a.title}（${a.institutionName ?? '—'}）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="note" label="配对说明（选填）" extra="如：路演现场双方有合作意向。">
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
