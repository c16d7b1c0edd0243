import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import { useState } from 'react';

import { ErrorState, PageLoading } from '../../components/states';
import { api, type Schemas, unwrap } from '../../lib/api';
import { showFieldErrors } from '../../lib/form-errors';
import {
  ACHIEVEMENT_STATUS_LABELS,
  COOPERATION_MODE_LABELS,
  IP_STATUS_LABELS,
  IP_TYPE_LABELS,
  MATURITY_STAGE_LABELS,
} from '../../lib/labels';
import { errorText, time, useChains, useNotify } from '../../lib/workspace';

type Fields = Schemas['CreateAchievementDto'];
type AchievementStatus = Schemas['AchievementStatus'];

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, text]) => ({ value, label: text }));

/** What each side may still edit (the API's rule): the institution its drafts and published records; staff more. */
const EDITABLE: Record<'staff' | 'institution', AchievementStatus[]> = {
  staff: ['draft', 'submitted', 'published', 'withdrawn'],
  institution: ['draft', 'published'],
};

const FIELD_NAMES = [
  'title',
  'abstract',
  'keywords',
  'team',
  'institutionId',
  'industryChainIds',
  'trl',
  'stage',
  'ipType',
  'ipStatus',
  'patentNumbers',
  'transferModes',
  'askingPrice',
  'applicationScenarios',
  'contactName',
  'contactPhone',
  'contactEmail',
] as const;

/**
 * Create (id "new") or edit an achievement, each field with its guidance. Staff choose the holder institution of a
 * new record; an institution files for itself, and reads a record it may not change (under review, another
 * institution's) without a save button.
 */
export function AchievementEditor({
  id,
  onClose,
  onSaved,
  staff = false,
  ownOrganisationId,
}: {
  id: string | undefined;
  onClose: () => void;
  onSaved: () => unknown;
  staff?: boolean;
  ownOrganisationId?: string | null;
}) {
  const notify = useNotify();
  const client = useQueryClient();
  const chains = useChains();
  const [form] = Form.useForm<Fields>();
  const [orgQuery, setOrgQuery] = useState('');
  const isNew = id === 'new';
  const existing = useQuery({
    queryKey: ['achievement', id],
    queryFn: () => unwrap(api.GET('/achievements/{id}', { params: { path: { id: id! } } })),
    enabled: !!id && !isNew,
  });
  const institutions = useQuery({
    queryKey: ['organisations', 'university', orgQuery],
    queryFn: () =>
      unwrap(
        api.GET('/organisations', {
          params: { query: { kind: 'university', q: orgQuery || undefined, pageSize: 20 } },
        }),
      ),
    enabled: isNew && staff,
  });

  const save = useMutation({
    mutationFn: async (values: Fields) => {
      const body = { ...values, askingPrice: values.askingPrice ?? null, trl: values.trl ?? null };
      if (isNew) return unwrap(api.POST('/achievements', { body }));
      const { institutionId: _ignored, ...rest } = body;
      return unwrap(
        api.PATCH('/achievements/{id}', {
          params: { path: { id: id! } },
          body: { ...rest, version: existing.data!.version! },
        }),
      );
    },
    onSuccess: async () => {
      notify.ok(isNew ? '成果已保存为草稿' : '修改已保存');
      await onSaved();
      await client.invalidateQueries({ queryKey: ['achievement', id] });
      onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, FIELD_NAMES)) notify.fail(err);
    },
  });

  const a = existing.data;
  const ready = isNew || !!a;
  const readOnly =
    !isNew &&
    !!a &&
    (!EDITABLE[staff ? 'staff' : 'institution'].includes(a.status) ||
      (!staff && a.institutionId !== ownOrganisationId));
  const initial: Partial<Fields> | undefined = isNew
    ? { keywords: [], industryChainIds: [], patentNumbers: [], transferModes: [] }
    : a
      ? {
          title: a.title,
          abstract: a.abstract,
          keywords: a.keywords,
          team: a.team,
          industryChainIds: a.industryChainIds,
          trl: a.trl,
          stage: a.stage,
          ipType: a.ipType,
          ipStatus: a.ipStatus,
          patentNumbers: a.patentNumbers,
          transferModes: a.transferModes,
          askingPrice: a.askingPrice,
          applicationScenarios: a.applicationScenarios,
          contactName: a.contactName,
          contactPhone: a.contactPhone,
          contactEmail: a.contactEmail,
        }
      : undefined;

  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      width={720}
      title={isNew ? '新建成果' : a ? `${readOnly ? '查看' : '编辑'}成果：${a.title}` : '编辑成果'}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          {!readOnly && (
            <Button type="primary" disabled={!ready} loading={save.isPending} onClick={() => form.submit()}>
              保存
            </Button>
          )}
        </Space>
      }
    >
      {!ready ? (
        existing.error ? (
          <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />
        ) : (
          <PageLoading />
        )
      ) : (
        <Form
          form={form}
          name={`achievement-${id}`}
          layout="vertical"
          disabled={readOnly}
          initialValues={initial}
          onFinish={(v) => save.mutate(v)}
          scrollToFirstError
        >
          {!isNew && a && (
            <p className="form-note">
              状态：{ACHIEVEMENT_STATUS_LABELS[a.status]} · 所属单位：{a.institutionName ?? '—'}
            </p>
          )}
          {a?.lastReturn && a.status === 'draft' && (
            <Alert
              className="form-note"
              type="warning"
              showIcon
              message={`退回修改（${time(a.lastReturn.at)}，${a.lastReturn.by.roleLabel} ${a.lastReturn.by.name}）`}
              description={`退回原因：${a.lastReturn.reason}`}
            />
          )}
          {readOnly && a && (
            <Alert
              className="form-note"
              type="info"
              showIcon
              message={
                !staff && a.institutionId !== ownOrganisationId
                  ? '这是其他单位已公开的成果，仅供查看'
                  : a.status === 'submitted'
                    ? '该成果已提交审核，不能修改；如需修改请先撤回提交'
                    : `该成果${ACHIEVEMENT_STATUS_LABELS[a.status]}，不能修改；如需更正请联系技术经理人`
              }
            />
          )}
          <Form.Item
            name="title"
            label="成果名称"
            rules={[{ required: true, whitespace: true, message: '请填写成果名称' }]}
            extra="写明技术本身，如“基于柔性齿形修形的高精度谐波减速器”。"
          >
            <Input maxLength={200} />
          </Form.Item>
          {isNew && staff && (
            <Form.Item
              name="institutionId"
              label="所属单位"
              rules={[{ required: true, message: '请选择成果所属的高校院所' }]}
              extra="成果的持有单位（高校或科研院所），输入名称搜索。"
            >
              <Select
                showSearch={{ filterOption: false, onSearch: setOrgQuery }}
                placeholder="输入单位名称搜索"
                loading={institutions.isFetching}
                options={(institutions.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                notFoundContent={institutions.error ? errorText(institutions.error) : '没有找到单位'}
              />
            </Form.Item>
          )}
          <Form.Item
            name="abstract"
            label="成果简介"
            rules={[{ required: true, whitespace: true, message: '请填写成果简介' }]}
            extra="说明解决的问题、关键技术和量化的性能指标（如回差、寿命、精度），便于与企业需求匹配。"
          >
            <Input.TextArea rows={4} maxLength={5000} showCount />
          </Form.Item>
          <Form.Item name="keywords" label="关键词" extra="输入后按回车添加，用于检索和匹配。">
            <Select mode="tags" open={false} suffixIcon={null} placeholder="如：谐波减速器" />
          </Form.Item>
          <Form.Item name="industryChainIds" label="所属产业链" extra="最多 5 个；匹配时优先推荐给同产业链的需求。">
            <Select
              mode="multiple"
              maxCount={5}
              options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
            />
          </Form.Item>
          <Space wrap size="large" align="start">
            <Form.Item name="trl" label="技术就绪度（TRL）" extra="1–9 级；不填成熟度时据此推算。">
              <InputNumber min={1} max={9} precision={0} />
            </Form.Item>
            <Form.Item name="stage" label="成熟度" extra="实验室 / 小试 / 中试 / 产业化。">
              <Select allowClear style={{ width: 140 }} options={options(MATURITY_STAGE_LABELS)} />
            </Form.Item>
            <Form.Item name="askingPrice" label="意向价格（万元）" extra="不填即为面议。">
              <InputNumber min={0} precision={2} style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Space wrap size="large" align="start">
            <Form.Item name="ipType" label="知识产权类型">
              <Select allowClear style={{ width: 180 }} options={options(IP_TYPE_LABELS)} />
            </Form.Item>
            <Form.Item name="ipStatus" label="知识产权状态">
              <Select allowClear style={{ width: 140 }} options={options(IP_STATUS_LABELS)} />
            </Form.Item>
          </Space>
          <Form.Item name="patentNumbers" label="专利号" extra="如 CN202310123456.7；“ZL”开头的号码会自动规范。">
            <Select mode="tags" open={false} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="transferModes" label="转化方式" extra="可接受的合作方式，匹配时与需求的合作方式对照。">
            <Select mode="multiple" options={options(COOPERATION_MODE_LABELS)} />
          </Form.Item>
          <Form.Item name="team" label="研发团队">
            <Input maxLength={500} placeholder="如：张教授团队（机械工程学院）" />
          </Form.Item>
          <Form.Item name="applicationScenarios" label="应用场景">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <fieldset className="confidential">
            <legend>联系人（保密：仅技术经理人和成果所属单位可见）</legend>
            <Space wrap size="large" align="start">
              <Form.Item name="contactName" label="联系人">
                <Input maxLength={50} />
              </Form.Item>
              <Form.Item name="contactPhone" label="联系电话">
                <Input maxLength={30} />
              </Form.Item>
              <Form.Item name="contactEmail" label="联系邮箱" rules={[{ type: 'email', message: '邮箱格式不正确' }]}>
                <Input maxLength={100} />
              </Form.Item>
            </Space>
          </fieldset>
        </Form>
      )}
    </Drawer>
  );
}
