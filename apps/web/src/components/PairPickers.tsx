import { useQuery } from '@tanstack/react-query';
import { Form, Select } from 'antd';
import { useState } from 'react';

import { api, unwrap } from '../lib/api';
import { errorText } from '../lib/workspace';

/** What a Form.Item hands its control. */
interface Control {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
}

// The pickers find records by name: what is typed is searched as typed, not read as a question.

/** A published (or in-progress) demand, searched by name; shown with the enterprise that raised it. */
export function DemandPicker(props: Control) {
  const [q, setQ] = useState('');
  const demands = useQuery({
    queryKey: ['demands', 'pairing', q],
    queryFn: () =>
      unwrap(
        api.GET('/demands', {
          params: {
            query: { q: q || undefined, understand: false, status: ['published', 'in_progress'], pageSize: 20 },
          },
        }),
      ),
  });
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入需求名称搜索"
      loading={demands.isFetching}
      notFoundContent={demands.error ? errorText(demands.error) : '没有找到需求'}
      options={(demands.data?.items ?? []).map((d) => ({
        value: d.id,
        label: `${d.title}（${d.ownerOrganisationName ?? '—'}）`,
      }))}
    />
  );
}

/** A published achievement, searched by name; shown with the institution that holds it. */
export function AchievementPicker(props: Control) {
  const [q, setQ] = useState('');
  const achievements = useQuery({
    queryKey: ['achievements', 'pairing', q],
    queryFn: () =>
      unwrap(
        api.GET('/achievements', {
          params: { query: { q: q || undefined, understand: false, status: ['published'], pageSize: 20 } },
        }),
      ),
  });
  return (
    <Select
      {...props}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder="输入成果名称搜索"
      loading={achievements.isFetching}
      notFoundContent={achievements.error ? errorText(achievements.error) : '没有找到成果'}
      options={(achievements.data?.items ?? []).map((a) => ({
        value: a.id,
        label: `${a.title}（${a.institutionName ?? '—'}）`,
      }))}
    />
  );
}

/** The two required fields of a pair made by hand (`demandId`, `achievementId`), with hints under them if asked. */
export function PairPickerFields({ hints = false }: { hints?: boolean }) {
  return (
    <>
      <Form.Item
        name="demandId"
        label="技术需求"
        rules={[{ required: true, message: '请选择技术需求' }]}
        extra={hints ? '已发布或对接中的需求，输入名称搜索。' : undefined}
      >
        <DemandPicker />
      </Form.Item>
      <Form.Item
        name="achievementId"
        label="科技成果"
        rules={[{ required: true, message: '请选择科技成果' }]}
        extra={hints ? '已发布的成果，输入名称搜索。' : undefined}
      >
        <AchievementPicker />
      </Form.Item>
    </>
  );
}
