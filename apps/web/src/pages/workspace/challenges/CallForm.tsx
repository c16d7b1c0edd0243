import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  AutoComplete,
  Button,
  Checkbox,
  DatePicker,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Select,
  Space,
  Switch,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';

import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { errorText, useChains, useNotify } from '../../../lib/workspace';
import { BIDDER_KIND_LABELS, type Challenge, type Mechanism, MECHANISM_LABELS, PROGRAMME_LINE_LABELS } from './shared';

type Region = NonNullable<Schemas['EligibilityDto']['region']>;
/** The regions a call may require (the API refuses others, naming the field); checked against the generated type. */
const REGIONS: Region[] = [
  '不限地区',
  '昆山市',
  '苏州市',
  '江苏省',
  '长三角地区',
  '昆山市开发区',
  '昆山市高新区',
  '昆山市花桥经济开发区',
  '昆山市旅游度假区',
  '昆山市周市镇',
  '昆山市张浦镇',
  '昆山市陆家镇',
  '昆山市巴城镇',
  '昆山市千灯镇',
  '昆山市淀山湖镇',
  '昆山市锦溪镇',
  '昆山市周庄镇',
];

interface Fields {
  source: 'demand' | 'direct';
  sourceDemandId?: string;
  enterpriseOrganisationId?: string;
  title: string;
  problem: string;
  industryChainIds?: string[];
  indicators: Array<{ name: string; target: string; unit: string; method: string }>;
  mechanism: Mechanism;
  raceTeams?: number;
  directedInstitutionId?: string;
  programmeLine: Challenge['programmeLine'];
  fundingTotal: number;
  enterpriseShare: number;
  governmentShare: number;
  institutionKinds: Challenge['eligibility']['institutionKinds'];
  region?: string;
  consortiumAllowed: boolean;
  notes?: string;
  bidDeadline: Dayjs;
  criteria: Array<{ name: string; weight: number }>;
}

const FIELDS = [
  'sourceDemandId',
  'enterpriseOrganisationId',
  'title',
  'problem',
  'industryChainIds',
  'indicators',
  'mechanism',
  'raceTeams',
  'directedInstitutionId',
  'fundingTotal',
  'enterpriseShare',
  'governmentShare',
  'eligibility',
  'bidDeadline',
  'criteria',
];

const DEFAULT_CRITERIA = [
  { name: '技术方案先进性', weight: 40 },
  { name: '团队实力与业绩', weight: 30 },
  { name: '产业化可行性', weight: 20 },
  { name: '经费预算合理性', weight: 10 },
];

/** 新建 / 编辑榜单: from a published major demand or directly for an enterprise; a draft until published. */
export default function CallForm({
  call,
  onClose,
  onSaved,
}: {
  call?: Challenge;
  onClose: () => void;
  onSaved: (c: Challenge) => void;
}) {
  const [form] = Form.useForm<Fields>();
  const notify = useNotify();
  const client = useQueryClient();
  const chains = useChains();
  const [problem, setProblem] = useState<string | null>(null);
  const source = Form.useWatch('source', form) ?? (call?.sourceDemandId ? 'demand' : 'direct');
  const mechanism = Form.useWatch('mechanism', form) ?? call?.mechanism ?? 'open_call';
  const demands = useQuery({
    queryKey: ['demands', 'major-published'],
    queryFn: () =>
      unwrap(api.GET('/demands', { params: { query: { kind: 'major', status: ['published'], pageSize: 100 } } })),
    enabled: !call,
  });
  const [orgQ, setOrgQ] = useState('');
  const enterprises = useQuery({
    queryKey: ['organisations', 'enterprise', orgQ],
    queryFn: () =>
      unwrap(
        api.GET('/organisations', { params: { query: { kind: 'enterprise', q: orgQ || undefined, pageSize: 30 } } }),
      ),
  });
  const [instQ, setInstQ] = useState('');
  const institutions = useQuery({
    queryKey: ['organisations', 'any', instQ],
    queryFn: () => unwrap(api.GET('/organisations', { params: { query: { q: instQ || undefined, pageSize: 30 } } })),
    enabled: mechanism === 'directed',
  });

  const save = useMutation({
    mutationFn: (v: Fields) => {
      const body = {
        title: v.title,
        problem: v.problem,
        industryChainIds: v.industryChainIds?.length ? v.industryChainIds : undefined,
        indicators: v.indicators,
        mechanism: v.mechanism,
        raceTeams: v.mechanism === 'horse_race' ? v.raceTeams : null,
        directedInstitutionId: v.mechanism === 'directed' ? v.directedInstitutionId : null,
        programmeLine: v.programmeLine,
        fundingTotal: v.fundingTotal,
        enterpriseShare: v.enterpriseShare,
        governmentShare: v.governmentShare,
        eligibility: {
          institutionKinds: v.institutionKinds,
          region: (v.region || null) as Region | null,
          consortiumAllowed: v.consortiumAllowed,
          notes: v.notes || null,
        },
        bidDeadline: v.bidDeadline.format('YYYY-MM-DDTHH:mm:ssZ'),
        criteria: v.criteria,
      };
      if (call) {
        return unwrap(
          api.PATCH('/challenges/{id}', {
            params: { path: { id: call.id } },
            body: { ...body, version: call.version },
          }),
        );
      }
      return unwrap(
        api.POST('/challenges', {
          body: {
            ...body,
            ...(v.source === 'demand'
              ? { sourceDemandId: v.sourceDemandId }
              : { enterpriseOrganisationId: v.enterpriseOrganisationId }),
          },
        }),
      );
    },
    onSuccess: async (c) => {
      await client.invalidateQueries({ queryKey: ['challenges'] });
      client.setQueryData(['challenge', c.id], c);
      notify.ok(call ? '榜单已保存' : '榜单草稿已创建，发布后对外公开');
      onSaved(c);
      onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, FIELDS)) setProblem(errorText(err));
      else setProblem('请按提示修改标红的字段');
    },
  });

  const initial: Partial<Fields> = call
    ? {
        source: call.sourceDemandId ? 'demand' : 'direct',
        title: call.title,
        problem: call.problem,
        industryChainIds: call.industryChainIds,
        indicators: call.indicators,
        mechanism: call.mechanism,
        raceTeams: call.raceTeams ?? undefined,
        directedInstitutionId: call.directedInstitutionId ?? undefined,
        programmeLine: call.programmeLine,
        fundingTotal: call.fundingTotal,
        enterpriseShare: call.enterpriseShare,
        governmentShare: call.governmentShare,
        institutionKinds: call.eligibility.institutionKinds,
        region: call.eligibility.region ?? undefined,
        consortiumAllowed: call.eligibility.consortiumAllowed,
        notes: call.eligibility.notes ?? undefined,
        bidDeadline: dayjs(call.bidDeadline),
        criteria: call.criteria,
      }
    : {
        source: 'demand',
        mechanism: 'open_call',
        programmeLine: 'major_transfer',
        institutionKinds: ['university', 'enterprise'],
        consortiumAllowed: true,
        indicators: [{ name: '', target: '', unit: '', method: '' }],
        criteria: DEFAULT_CRITERIA,
        bidDeadline: dayjs().add(30, 'day').hour(17).minute(0).second(0),
      };

  return (
    <Drawer
      open
      width={760}
      title={call ? '编辑榜单' : '新建榜单'}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
          {call ? '保存' : '保存草稿'}
        </Button>
      }
    >
      {problem && <Alert type="error" showIcon role="alert" message={problem} style={{ marginBottom: 12 }} />}
      <Form<Fields>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => {
          setProblem(null);
          save.mutate(v);
        }}
        scrollToFirstError
      >
        {!call && (
          <>
            <Form.Item name="source" label="榜单来源">
              <Radio.Group
                options={[
                  { value: 'demand', label: '由已发布的重大需求转化' },
                  { value: 'direct', label: '直接为企业（如龙头企业）出榜' },
                ]}
              />
            </Form.Item>
            {source === 'demand' ? (
              <Form.Item name="sourceDemandId" label="重大需求" rules={[{ required: true, message: '请选择重大需求' }]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={demands.isPending}
                  placeholder="选择已发布的重大需求"
                  options={(demands.data?.items ?? []).map((d) => ({
                    value: d.id,
                    label: `${d.title}（${d.ownerOrganisationName ?? '—'}）`,
                  }))}
                  onChange={(id: string) => {
                    const d = demands.data?.items.find((x) => x.id === id);
                    if (d && !form.getFieldValue('title')) form.setFieldsValue({ title: `${d.title}揭榜挂帅` });
                    if (d && !form.getFieldValue('problem')) form.setFieldsValue({ problem: d.description });
                  }}
                />
              </Form.Item>
            ) : (
              <Form.Item
                name="enterpriseOrganisationId"
                label="出榜企业"
                rules={[{ required: true, message: '请选择出榜企业' }]}
              >
                <Select
                  showSearch
                  filterOption={false}
                  onSearch={setOrgQ}
                  placeholder="输入企业名称搜索"
                  options={(enterprises.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))}
                />
              </Form.Item>
            )}
          </>
        )}
        <Form.Item name="title" label="榜单名称" rules={[{ required: true, min: 4, message: '榜单名称至少 4 个字' }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item
          name="problem"
          label="榜单内容（需解决的问题）"
          rules={[{ required: true, min: 10, message: '榜单内容至少 10 个字' }]}
        >
          <Input.TextArea rows={5} maxLength={10000} showCount />
        </Form.Item>
        <Form.Item name="industryChainIds" label="产业链" extra="不选时沿用重大需求的产业链">
          <Select mode="multiple" options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        <fieldset className="form-section">
          <legend>攻关目标与验收指标</legend>
          <Form.List name="indicators">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="start">
                    <Form.Item
                      name={[f.name, 'name']}
                      label={`指标 ${i + 1} 名称`}
                      rules={[{ required: true, message: '必填' }]}
                    >
                      <Input maxLength={100} style={{ width: 150 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'target']} label="目标值" rules={[{ required: true, message: '必填' }]}>
                      <Input maxLength={100} style={{ width: 90 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'unit']} label="单位" rules={[{ required: true, message: '必填' }]}>
                      <Input maxLength={30} style={{ width: 80 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'method']} label="检测方法" rules={[{ required: true, message: '必填' }]}>
                      <Input maxLength={500} style={{ width: 220 }} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button onClick={() => remove(f.name)} className="row-remove">
                        删除指标 {i + 1}
                      </Button>
                    )}
                  </Space>
                ))}
                <Button onClick={() => add({})}>添加验收指标</Button>
              </>
            )}
          </Form.List>
        </fieldset>
        <Space wrap align="start">
          <Form.Item name="mechanism" label="揭榜机制">
            <Select
              style={{ width: 140 }}
              options={Object.entries(MECHANISM_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
          {mechanism === 'horse_race' && (
            <Form.Item name="raceTeams" label="并行团队数" rules={[{ required: true, message: '请填写 2–10 支' }]}>
              <InputNumber min={2} max={10} precision={0} />
            </Form.Item>
          )}
          {mechanism === 'directed' && (
            <Form.Item
              name="directedInstitutionId"
              label="受托单位"
              rules={[{ required: true, message: '请选择受托单位' }]}
            >
              <Select
                showSearch
                filterOption={false}
                onSearch={setInstQ}
                style={{ width: 260 }}
                placeholder="输入单位名称搜索"
                options={(institutions.data?.items ?? [])
                  .filter((o) => o.kind !== 'agency')
                  .map((o) => ({ value: o.id, label: o.name }))}
              />
            </Form.Item>
          )}
          <Form.Item name="programmeLine" label="项目类别">
            <Select
              style={{ width: 300 }}
              options={Object.entries(PROGRAMME_LINE_LABELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="fundingTotal" label="榜额（万元）" rules={[{ required: true, message: '请填写榜额' }]}>
            <InputNumber min={0.01} precision={2} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="enterpriseShare" label="企业出资（万元）" rules={[{ required: true, message: '必填' }]}>
            <InputNumber min={0} precision={2} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="governmentShare" label="政府资助（万元）" rules={[{ required: true, message: '必填' }]}>
            <InputNumber min={0} precision={2} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <fieldset className="form-section">
          <legend>揭榜条件</legend>
          <Form.Item name="institutionKinds" label="牵头单位类型" rules={[{ required: true, message: '至少选择一类' }]}>
            <Checkbox.Group options={Object.entries(BIDDER_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="region" label="地区要求">
              <AutoComplete
                options={REGIONS.map((value) => ({ value }))}
                placeholder="如：长三角地区"
                filterOption={(input, option) => (option?.value ?? '').includes(input)}
                style={{ minWidth: 220 }}
              />
            </Form.Item>
            <Form.Item name="consortiumAllowed" label="允许联合体揭榜" valuePropName="checked">
              <Switch />
            </Form.Item>
          </Space>
          <Form.Item name="notes" label="其他要求">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </fieldset>
        <Form.Item name="bidDeadline" label="揭榜截止时间" rules={[{ required: true, message: '请选择截止时间' }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <fieldset className="form-section">
          <legend>评审指标（权重合计 100）</legend>
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} wrap align="start">
                    <Form.Item
                      name={[f.name, 'name']}
                      label={`评审指标 ${i + 1}`}
                      rules={[{ required: true, message: '必填' }]}
                    >
                      <Input maxLength={50} style={{ width: 200 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'weight']}
                      label="权重（%）"
                      rules={[{ required: true, message: '必填' }]}
                    >
                      <InputNumber min={1} max={100} precision={0} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button onClick={() => remove(f.name)} className="row-remove">
                        删除评审指标 {i + 1}
                      </Button>
                    )}
                  </Space>
                ))}
                <Button onClick={() => add({})}>添加评审指标</Button>
              </>
            )}
          </Form.List>
        </fieldset>
      </Form>
    </Drawer>
  );
}
