import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Select,
  Space,
  Switch,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';

import { ErrorState, PageLoading } from '../../../components/states';
import { api, ApiError, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { COOPERATION_MODE_LABELS, DEMAND_KIND_LABELS, MATURITY_STAGE_LABELS } from '../../../lib/labels';
import { useChains } from '../../../lib/workspace';
import { type Demand, demandKey, ReturnNotice, useDemand } from './shared';

type Draft = Schemas['CreateDemandDto'];

/** The form's own values: the deadline as a date picker value, everything else as the API names it. */
type Values = Omit<Draft, 'deadline'> & { deadline?: Dayjs | null };

const FIELDS = [
  'title',
  'description',
  'keywords',
  'industryChainIds',
  'chainRequired',
  'kind',
  'expectedOutcome',
  'technicalIndicators',
  'requiredTrl',
  'requiredStage',
  'cooperationModes',
  'deadline',
  'region',
  'budgetMin',
  'budgetMax',
  'contactName',
  'contactPhone',
  'contactEmail',
  'confidentialNotes',
] as const;

const EDITABLE: Demand['status'][] = ['draft'];

function toBody(v: Values): Draft {
  const text = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);
  return {
    title: (v.title ?? '').trim(),
    description: (v.description ?? '').trim(),
    keywords: v.keywords ?? [],
    industryChainIds: v.industryChainIds ?? [],
    chainRequired: v.chainRequired ?? false,
    kind: v.kind,
    expectedOutcome: (v.expectedOutcome ?? '').trim(),
    technicalIndicators: (v.technicalIndicators ?? '').trim(),
    requiredTrl: v.requiredTrl ?? null,
    requiredStage: v.requiredStage ?? null,
    cooperationModes: v.cooperationModes ?? [],
    deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : null,
    region: text(v.region),
    budgetMin: v.budgetMin ?? null,
    budgetMax: v.budgetMax ?? null,
    contactName: text(v.contactName),
    contactPhone: text(v.contactPhone),
    contactEmail: text(v.contactEmail),
    confidentialNotes: text(v.confidentialNotes),
  };
}

function toValues(d: Demand): Values {
  return {
    title: d.title,
    description: d.description,
    keywords: d.keywords,
    industryChainIds: d.industryChainIds,
    chainRequired: d.chainRequired,
    kind: d.kind,
    expectedOutcome: d.expectedOutcome,
    technicalIndicators: d.technicalIndicators,
    requiredTrl: d.requiredTrl ?? null,
    requiredStage: d.requiredStage ?? null,
    cooperationModes: d.cooperationModes,
    deadline: d.deadline ? dayjs(d.deadline) : null,
    region: d.region ?? null,
    budgetMin: d.budgetMin ?? null,
    budgetMax: d.budgetMax ?? null,
    contactName: d.contactName ?? null,
    contactPhone: d.contactPhone ?? null,
    contactEmail: d.contactEmail ?? null,
    confidentialNotes: d.confidentialNotes ?? null,
  };
}

/** The values typed so far, settled for a moment (no request per keystroke). */
function useDebounced<T>(value: T | null, ms: number): T | null {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    // The form's first values (once it has mounted) count at once; typing after that settles first.
    if (settled === null) {
      setSettled(value);
      return;
    }
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms, settled]);
  return settled;
}

/** 需求质量 beside the form: the API scores what is typed (nothing is saved) and says what is missing. */
function QualityPanel({ values }: { values: Values | undefined }) {
  // Not before the form has its values (a first score of an empty form would flash 0).
  const body = useDebounced(values ? JSON.stringify(toBody(values)) : null, 600);
  const quality = useQuery({
    queryKey: ['demand-quality', body],
    enabled: body !== null,
    queryFn: () =>
      unwrap(api.POST('/demands/quality', { body: JSON.parse(body!) as Schemas['DemandQualityDraftDto'] })),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const q = quality.data;
  return (
    <Card className="quality-panel" title={<h2 className="form-section">需求质量</h2>} size="small">
      {!q ? (
        quality.error ? (
          <ErrorState error={quality.error} />
        ) : (
          <PageLoading label="正在评分…" />
        )
      ) : (
        <div aria-live="polite" data-testid="quality" data-score={q.score}>
          <Progress
            type="circle"
            size={96}
            percent={Math.round((q.score / q.maxScore) * 100)}
            format={() => `${q.score} 分`}
            status={q.score >= 80 ? 'success' : 'normal'}
            aria-label={`需求质量分 ${q.score}`}
          />
          <p className="note">满分 {q.maxScore}。质量分越高，技术经理人审核越快，匹配推荐也越准确。</p>
          {q.hints.length === 0 ? (
            <Alert type="success" showIcon message="需求信息完整、具体" />
          ) : (
            <>
              <strong>改进提示</strong>
              <ul data-testid="quality-hints">
                {q.hints.map((h) => (
                  <li key={h.rule}>
                    {h.message}（+{h.points} 分）
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Card>
  );
}

/** 发布/编辑需求: create a draft, or edit a draft (also one sent back), save it, submit it for review. */
export default function DemandForm() {
  const { id } = useParams();
  const location = useLocation();
  const existing = useDemand(id);
  if (id && existing.isPending) return <PageLoading />;
  if (id && (existing.error || !existing.data))
    return <ErrorState error={existing.error} onRetry={() => void existing.refetch()} />;
  // A draft created here keeps its editor when the address moves from /new to /:id/edit (no remount: a dialog
  // opened on the editor, such as 提交审核, must not outlive it).
  const createdHere = (location.state as { created?: boolean } | null)?.created === true;
  return <DemandEditor key={createdHere ? 'new' : (id ?? 'new')} demand={existing.data} />;
}

function DemandEditor({ demand }: { demand: Demand | undefined }) {
  const [form] = Form.useForm<Values>();
  const values = Form.useWatch([], form) as Values | undefined;
  const chains = useChains();
  const client = useQueryClient();
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [record, setRecord] = useState<Demand | undefined>(demand);

  if (record && !EDITABLE.includes(record.status)) {
    return (
      <>
        <h1>编辑需求</h1>
        <Alert
          type="info"
          showIcon
          message="该需求已提交或已发布，不能再修改"
          description={<Link to={`/workspace/my-demands/${record.id}`}>查看需求详情</Link>}
        />
      </>
    );
  }

  /** Creates or updates the draft; the saved record (with its new version) or null when the form shows errors. */
  const save = async (): Promise<Demand | null> => {
    setError(null);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return null;
    }
    try {
      const body = toBody(v);
      const saved = record
        ? await unwrap(
            api.PATCH('/demands/{id}', {
              params: { path: { id: record.id } },
              body: { ...body, version: record.version! },
            }),
          )
        : await unwrap(api.POST('/demands', { body }));
      setRecord(saved);
      client.setQueryData(demandKey(saved.id), saved);
      void client.invalidateQueries({ queryKey: ['my-demands'] });
      if (!record) navigate(`/workspace/my-demands/${saved.id}/edit`, { replace: true, state: { created: true } });
      return saved;
    } catch (err) {
      if (!showFieldErrors(form, err, FIELDS)) {
        if (err instanceof ApiError && err.status === 409) {
          setError(new ApiError(409, err.code, '该需求已被他人修改，请刷新页面后重试', err.requestId, []));
        } else setError(err);
      }
      return null;
    }
  };

  const saveDraft = async () => {
    setBusy('save');
    try {
      if (await save()) message.success('草稿已保存');
    } finally {
      setBusy(null);
    }
  };

  const submit = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    modal.confirm({
      title: '提交审核',
      content: '提交后将由技术经理人审核，审核期间不能修改。确定提交吗？',
      okText: '确定提交',
      cancelText: '再检查一下',
      onOk: async () => {
        setBusy('submit');
        try {
          const saved = await save();
          if (!saved) return;
          const submitted = await unwrap(
            api.POST('/demands/{id}/{action}', {
              params: { path: { id: saved.id, action: 'submit' } },
              body: { version: saved.version },
            }),
          );
          client.setQueryData(demandKey(submitted.id), submitted);
          void client.invalidateQueries({ queryKey: ['my-demands'] });
          message.success('已提交审核');
          navigate(`/workspace/my-demands/${submitted.id}`);
        } catch (err) {
          if (!showFieldErrors(form, err, FIELDS)) setError(err);
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const initial: Partial<Values> = record
    ? toValues(record)
    : { kind: 'chain', keywords: [], industryChainIds: [], cooperationModes: [], chainRequired: false };

  return (
    <>
      <div className="page-head">
        <h1>{record ? (record.lastReturn ? '修改被退回的需求' : '编辑需求草稿') : '发布新需求'}</h1>
        <Link to="/workspace/my-demands">返回我的需求</Link>
      </div>
      {record && <ReturnNotice demand={record} />}
      {error ? (
        <div className="login-alert">
          <ErrorState error={error} />
        </div>
      ) : null}
      <div className="demand-form">
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initial}
          requiredMark="optional"
          scrollToFirstError
          aria-label="需求表单"
        >
          <Card title={<h2 className="form-section">基本信息</h2>} size="small">
            <Form.Item
              label="需求名称"
              name="title"
              rules={[{ required: true, whitespace: true, message: '请输入需求名称' }]}
              extra="一句话说明要解决的技术问题，如“工业机器人用高精度谐波减速器国产化”（4–200 字）"
            >
              <Input maxLength={200} showCount />
            </Form.Item>
            <Form.Item
              label="需求类型"
              name="kind"
              rules={[{ required: true, message: '请选择需求类型' }]}
              extra="重大需求：投入大、影响产业链关键环节的攻关任务；产业链技术需求：企业生产经营中的具体技术难题"
            >
              <Radio.Group
                options={Object.entries(DEMAND_KIND_LABELS).map(([value, text]) => ({ value, label: text }))}
              />
            </Form.Item>
            <Form.Item
              label="所属产业链"
              name="industryChainIds"
              rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一条产业链' }]}
              extra="选择 1–5 条重点产业链，用于匹配同领域的科技成果"
            >
              <Select
                mode="multiple"
                maxCount={5}
                loading={chains.isPending}
                placeholder="请选择产业链"
                optionFilterProp="label"
                options={(chains.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
            <Form.Item
              label="只匹配所选产业链的成果"
              name="chainRequired"
              valuePropName="checked"
              extra="关闭时也会推荐其他产业链中技术相近的成果"
            >
              <Switch />
            </Form.Item>
            <Form.Item
              label="需求描述"
              name="description"
              rules={[{ required: true, whitespace: true, message: '请输入需求描述' }]}
              extra="写清现状、遇到的技术难点和希望达到的目标，避免“相关技术”“若干”等笼统说法（至少 20 字，建议 100 字以上）"
            >
              <Input.TextArea rows={5} maxLength={5000} />
            </Form.Item>
            <Form.Item
              label="技术关键词"
              name="keywords"
              extra="输入后按回车添加，建议 3 个以上，如：谐波减速器、柔轮、齿形设计"
            >
              <Select mode="tags" tokenSeparators={[',', '，', '、']} placeholder="输入关键词后回车" open={false} />
            </Form.Item>
          </Card>

          <Card title={<h2 className="form-section">技术要求</h2>} size="small">
            <Form.Item
              label="技术指标"
              name="technicalIndicators"
              extra="请量化：写明参数、数值和单位，如“传动精度≤1 弧分；回差≤10 弧秒；额定寿命≥10000 h”"
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            <Form.Item
              label="预期目标"
              name="expectedOutcome"
              extra="合作结束时要交付什么，如“形成可批量生产的样机，寿命≥1 万小时”"
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
            <Space wrap size="large" align="start">
              <Form.Item label="期望成熟度" name="requiredStage" extra="可接受的成果最低成熟阶段">
                <Select
                  allowClear
                  placeholder="请选择"
                  style={{ width: 180 }}
                  options={Object.entries(MATURITY_STAGE_LABELS).map(([value, text]) => ({ value, label: text }))}
                />
              </Form.Item>
              <Form.Item label="最低技术就绪度（TRL）" name="requiredTrl" extra="1–9 级，可不填">
                <InputNumber min={1} max={9} precision={0} style={{ width: 180 }} />
              </Form.Item>
            </Space>
            <Form.Item label="合作方式" name="cooperationModes" extra="可多选">
              <Checkbox.Group
                options={Object.entries(COOPERATION_MODE_LABELS).map(([value, text]) => ({ value, label: text }))}
              />
            </Form.Item>
            <Space wrap size="large" align="start">
              <Form.Item label="截止日期" name="deadline" extra="格式 YYYY-MM-DD，不早于今天">
                <DatePicker
                  format="YYYY-MM-DD"
                  disabledDate={(d) => d.isBefore(dayjs().startOf('day'))}
                  style={{ width: 180 }}
                />
              </Form.Item>
              <Form.Item label="所在地区" name="region" extra="如：昆山市周市镇">
                <Input style={{ width: 220 }} />
              </Form.Item>
            </Space>
          </Card>

          <Card title={<h2 className="form-section">保密信息</h2>} size="small">
            <Alert
              type="info"
              showIcon
              className="login-alert"
              message="以下信息保密"
              description="预算、联系人和保密说明只有本企业用户和平台技术经理人可见；不会出现在需求大厅，也不会展示给高校院所。"
            />
            <Space wrap size="large" align="start">
              <Form.Item label="预算下限（万元，保密）" name="budgetMin">
                <InputNumber min={0} precision={2} style={{ width: 200 }} suffix="万元" />
              </Form.Item>
              <Form.Item
                label="预算上限（万元，保密）"
                name="budgetMax"
                dependencies={['budgetMin']}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: (_, v) => {
                      const min = getFieldValue('budgetMin');
                      return v == null || min == null || v >= min
                        ? Promise.resolve()
                        : Promise.reject(new Error('预算上限不能低于下限'));
                    },
                  }),
                ]}
              >
                <InputNumber min={0} precision={2} style={{ width: 200 }} suffix="万元" />
              </Form.Item>
            </Space>
            <Space wrap size="large" align="start">
              <Form.Item label="联系人（保密）" name="contactName">
                <Input style={{ width: 200 }} />
              </Form.Item>
              <Form.Item label="联系电话（保密）" name="contactPhone">
                <Input inputMode="tel" style={{ width: 200 }} />
              </Form.Item>
              <Form.Item label="联系邮箱（保密）" name="contactEmail">
                <Input inputMode="email" style={{ width: 240 }} />
              </Form.Item>
            </Space>
            <Form.Item
              label="保密说明"
              name="confidentialNotes"
              extra="只给技术经理人看的补充信息，如目标成本、现用供应商"
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Card>

          <div className="form-actions" style={{ marginTop: 16 }}>
            <Button onClick={() => void saveDraft()} loading={busy === 'save'} disabled={busy === 'submit'}>
              保存草稿
            </Button>
            <Button type="primary" onClick={() => void submit()} loading={busy === 'submit'} disabled={busy === 'save'}>
              {record?.lastReturn ? '重新提交审核' : '提交审核'}
            </Button>
          </div>
        </Form>
        <QualityPanel values={values} />
      </div>
    </>
  );
}
