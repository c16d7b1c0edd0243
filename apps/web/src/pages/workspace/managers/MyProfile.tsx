import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Descriptions, Form, Input, Select, Space } from 'antd';
import { useState } from 'react';

import { QueryView } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { day, useChains, useNotify } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import {
  AFFILIATION_LABELS,
  type AffiliationKind,
  CERTIFICATE_LABELS,
  options,
  OrganisationSelect,
  type Profile,
  useMyProfile,
} from './shared';

type Fields = Schemas['CreateManagerProfileDto'];

const FIELDS = [
  'name',
  'affiliationKind',
  'affiliationOrganisationId',
  'district',
  'industryChainIds',
  'expertise',
  'certificateLevel',
  'certificateNumber',
  'certificateIssuedOn',
  'contactPhone',
  'contactEmail',
] as const;

/** Empty texts are sent as null (cleared), so the API's "optional" rules apply instead of format rules. */
function body(v: Fields): Fields {
  const out: Record<string, unknown> = { ...v };
  for (const k of FIELDS) if (out[k] === '' || out[k] === undefined) out[k] = k === 'industryChainIds' ? [] : null;
  if (out.expertise === null) out.expertise = '';
  if (v.affiliationKind !== 'district') out.district = null;
  if (v.affiliationKind === 'district') out.affiliationOrganisationId = null;
  return out as Fields;
}

const ORG_KIND: Partial<Record<AffiliationKind, 'agency' | 'university'>> = {
  agency: 'agency',
  university: 'university',
};

function ProfileForm({ profile, onDone }: { profile: Profile | null; onDone: () => void }) {
  const [form] = Form.useForm<Fields>();
  const chains = useChains();
  const client = useQueryClient();
  const notify = useNotify();
  const kind = Form.useWatch('affiliationKind', form);
  const save = useMutation({
    mutationFn: (v: Fields) =>
      profile
        ? unwrap(
            api.PATCH('/managers/{id}', {
              params: { path: { id: profile.id } },
              body: { ...body(v), version: profile.version },
            }),
          )
        : unwrap(api.POST('/managers', { body: body(v) })),
    onSuccess: async () => {
      notify.ok(profile ? '档案已保存' : '档案已建立');
      await client.invalidateQueries({ queryKey: ['managers'] });
      onDone();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, FIELDS)) notify.fail(err);
    },
  });
  return (
    <Form<Fields>
      form={form}
      layout="vertical"
      className="form-section"
      style={{ maxWidth: 720 }}
      initialValues={
        profile
          ? {
              ...profile,
              affiliationOrganisationId: profile.affiliationOrganisationId ?? undefined,
              certificateLevel: profile.certificateLevel ?? undefined,
            }
          : { affiliationKind: 'agency', industryChainIds: [] }
      }
      onFinish={(v) => save.mutate(v)}
    >
      <Form.Item
        name="name"
        label="姓名"
        rules={[
          { required: true, message: '请填写姓名' },
          { min: 2, max: 50 },
        ]}
      >
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item name="affiliationKind" label="所属类型" rules={[{ required: true, message: '请选择所属类型' }]}>
        <Select options={options(AFFILIATION_LABELS)} />
      </Form.Item>
      {kind === 'district' ? (
        <Form.Item name="district" label="区镇" rules={[{ required: true, message: '请填写区镇' }]}>
          <Input placeholder="如：玉山镇" />
        </Form.Item>
      ) : (
        <Form.Item
          name="affiliationOrganisationId"
          label="所属机构"
          rules={[{ required: kind === 'agency' || kind === 'university', message: '请选择所属机构' }]}
          extra={kind === 'institute' ? '工研院可不填' : undefined}
        >
          <OrganisationSelect kind={kind ? ORG_KIND[kind] : undefined} allowClear />
        </Form.Item>
      )}
      <Form.Item name="industryChainIds" label="服务的产业链">
        <Select
          mode="multiple"
          loading={chains.isPending}
          placeholder="可选多条"
          options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
        />
      </Form.Item>
      <Form.Item name="expertise" label="专业领域" rules={[{ max: 2000 }]}>
        <Input.TextArea rows={3} />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item name="certificateLevel" label="证书等级">
          <Select allowClear style={{ width: 140 }} options={options(CERTIFICATE_LABELS)} placeholder="未取得" />
        </Form.Item>
        <Form.Item name="certificateNumber" label="证书编号" extra="字母、数字和连字符，4–40 位">
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="certificateIssuedOn" label="发证日期">
          <Input type="date" style={{ width: 180 }} />
        </Form.Item>
      </Space>
      <Space wrap align="start">
        <Form.Item name="contactPhone" label="联系电话" extra="仅平台人员可见">
          <Input autoComplete="tel" style={{ width: 240 }} />
        </Form.Item>
        <Form.Item name="contactEmail" label="联系邮箱" rules={[{ type: 'email', message: '邮箱格式不正确' }]}>
          <Input autoComplete="email" style={{ width: 280 }} />
        </Form.Item>
      </Space>
      <div className="form-actions">
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {profile ? '保存档案' : '建立档案'}
        </Button>
        {profile && <Button onClick={onDone}>取消</Button>}
      </div>
    </Form>
  );
}

export function ProfileView({ p }: { p: Profile }) {
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label="姓名">{p.name}</Descriptions.Item>
      <Descriptions.Item label="状态">
        <ToneTag tone={p.status === 'active' ? 'ok' : 'bad'}>{p.statusLabel}</ToneTag>
      </Descriptions.Item>
      <Descriptions.Item label="所属类型">{p.affiliationKindLabel}</Descriptions.Item>
      <Descriptions.Item label="所属机构 / 区镇">
        {p.affiliationOrganisationName ?? p.district ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label="服务的产业链" span={2}>
        {p.industryChains.map((c) => c.name).join('、') || '—'}
      </Descriptions.Item>
      <Descriptions.Item label="专业领域" span={2}>
        {p.expertise || '—'}
      </Descriptions.Item>
      <Descriptions.Item label="证书等级">{p.certificateLevelLabel ?? '未取得'}</Descriptions.Item>
      <Descriptions.Item label="证书编号">{p.certificateNumber ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="发证日期">{day(p.certificateIssuedOn)}</Descriptions.Item>
      <Descriptions.Item label="联系电话">{p.contactPhone ?? '—'}</Descriptions.Item>
      <Descriptions.Item label="联系邮箱">{p.contactEmail ?? '—'}</Descriptions.Item>
      {p.deactivationReason && <Descriptions.Item label="停用原因">{p.deactivationReason}</Descriptions.Item>}
    </Descriptions>
  );
}

/** 我的档案: the technology manager's own profile — created once, then viewed and edited. */
export default function MyProfile() {
  const mine = useMyProfile();
  const [editing, setEditing] = useState(false);
  return (
    <div className="managers-page">
      <div className="page-head">
        <h1>我的档案</h1>
        {mine.data && !editing && mine.data.status === 'active' && (
          <Button type="primary" onClick={() => setEditing(true)}>
            编辑档案
          </Button>
        )}
      </div>
      <QueryView query={mine}>
        {(p) =>
          p === null ? (
            <>
              <p className="page-intro">尚未建立技术经理人档案。建档后才能登记服务记录、接受服务分配。</p>
              <ProfileForm profile={null} onDone={() => setEditing(false)} />
            </>
          ) : editing ? (
            <ProfileForm profile={p} onDone={() => setEditing(false)} />
          ) : (
            <ProfileView p={p} />
          )
        }
      </QueryView>
    </div>
  );
}
