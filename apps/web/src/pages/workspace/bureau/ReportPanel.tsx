import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { UploadFile } from 'antd';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tooltip, Upload } from 'antd';
import dayjs from 'dayjs';
import { useRef, useState } from 'react';

import { ErrorState } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { useSession } from '../../../lib/session';
import { day, useNotify } from '../../../lib/workspace';
import { amount, type Figure } from './shared';

type Report = Schemas['IndicatorReportDto'];

interface SubmitFields {
  key: string;
  value: number;
  asOf: dayjs.Dayjs;
  evidence: string;
}

/** Uploads the evidence file of a report (multipart, field `file`). */
async function attachEvidence(id: string, file: File): Promise<Report> {
  return unwrap(
    api.POST('/indicator-reports/{id}/evidence', {
      params: { path: { id } },
      body: { file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData();
        form.append('file', file);
        return form;
      },
    }),
  );
}

/**
 * Figures the platform cannot observe: submitted with an evidence file, reviewed by a second admin. The ones awaiting
 * review are listed apart and never counted until approved.
 */
export default function ReportPanel({ year, figures }: { year: number; figures: Figure[] }) {
  const { me } = useSession();
  const client = useQueryClient();
  const notify = useNotify();
  const { modal, message } = App.useApp();
  const [submitting, setSubmitting] = useState(false);
  const [form] = Form.useForm<SubmitFields>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const rejectNote = useRef('');
  const [fileMissing, setFileMissing] = useState(false);
  const reportable = figures.filter((f) => f.source === 'reported');
  const isAdmin = me?.role === 'admin';

  const pending = useQuery({
    queryKey: ['indicator-reports', 'submitted'],
    queryFn: () => unwrap(api.GET('/indicator-reports', { params: { query: { status: 'submitted', pageSize: 50 } } })),
  });
  const refresh = () =>
    Promise.all([
      client.invalidateQueries({ queryKey: ['indicator-reports'] }),
      client.invalidateQueries({ queryKey: ['indicators'] }),
    ]);

  const submit = useMutation({
    mutationFn: async (v: SubmitFields) => {
      const file = files[0]?.originFileObj;
      if (!file) throw new Error('请上传佐证材料');
      const report = await unwrap(
        api.POST('/indicators/{key}/reports', {
          params: { path: { key: v.key } },
          body: { year, value: v.value, asOf: v.asOf.format('YYYY-MM-DD'), evidence: v.evidence },
        }),
      );
      return attachEvidence(report.id, file);
    },
    onSuccess: async (r) => {
      notify.ok(`已提交“${r.indicatorName}”的填报，待其他管理员审核`);
      setSubmitting(false);
      form.resetFields();
      setFiles([]);
      await refresh();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['value', 'asOf', 'evidence', 'year'])) notify.fail(err);
    },
  });

  const review = useMutation({
    mutationFn: (input: { r: Report; decision: 'approve' | 'reject'; note?: string }) =>
      unwrap(
        api.POST(input.decision === 'approve' ? '/indicator-reports/{id}/approve' : '/indicator-reports/{id}/reject', {
          params: { path: { id: input.r.id } },
          body: { note: input.note },
        }),
      ),
    onSuccess: async (r) => {
      notify.ok(r.status === 'approved' ? `已审核通过“${r.indicatorName}”的填报` : `已驳回“${r.indicatorName}”的填报`);
      await refresh();
    },
    onError: (err) => notify.fail(err),
  });

  const confirmApprove = (r: Report) =>
    modal.confirm({
      title: `审核通过“${r.indicatorName}”${r.year} 年填报值 ${amount(r.value)}？`,
      content: '通过后该数值计入指标看板和报表。',
      okText: '审核通过',
      cancelText: '取消',
      onOk: () => review.mutateAsync({ r, decision: 'approve' }).catch(() => undefined),
    });
  const confirmReject = (r: Report) => {
    rejectNote.current = '';
    modal.confirm({
      title: `驳回“${r.indicatorName}”的填报`,
      content: (
        <Input.TextArea
          aria-label="驳回理由"
          placeholder="请填写驳回理由（必填）"
          rows={3}
          onChange={(e) => (rejectNote.current = e.target.value)}
        />
      ),
      okText: '驳回',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: async () => {
        const note = rejectNote.current.trim();
        if (!note) {
          message.error('驳回须填写理由');
          throw new Error('note');
        }
        await review.mutateAsync({ r, decision: 'reject', note }).catch(() => undefined);
      },
    });
  };

  const columns = [
    { title: '指标', dataIndex: 'indicatorName' },
    { title: '年度', dataIndex: 'year', width: 70 },
    { title: '填报值', dataIndex: 'value', width: 80, render: (v: number) => amount(v) },
    { title: '数据截至', dataIndex: 'asOf', width: 110 },
    { title: '佐证说明', dataIndex: 'evidence', ellipsis: true },
    {
      title: '佐证材料',
      dataIndex: 'evidenceUrl',
      width: 90,
      render: (v: string | null) => (v ? <a href={v}>下载</a> : '未上传'),
    },
    { title: '提交时间', dataIndex: 'createdAt', width: 110, render: (v: string) => day(v) },
    ...(isAdmin
      ? [
          {
            title: '审核',
            key: 'review',
            width: 150,
            render: (_: unknown, r: Report) => {
              const own = r.authorId === me?.id;
              const approve = (
                <Button size="small" type="primary" disabled={own} onClick={() => confirmApprove(r)}>
                  通过
                </Button>
              );
              return (
                <Space size={4}>
                  {own ? <Tooltip title="本人填报的数据须由其他管理员审核">{approve}</Tooltip> : approve}
                  <Button size="small" danger disabled={own} onClick={() => confirmReject(r)}>
                    驳回
                  </Button>
                </Space>
              );
            },
          },
        ]
      : []),
  ];

  return (
    <section className="report-panel" aria-labelledby="reports-title">
      <div className="page-head">
        <h2 id="reports-title">待审核的填报（不计入指标）</h2>
        <Button onClick={() => setSubmitting(true)}>填报指标</Button>
      </div>
      {pending.error ? (
        <ErrorState error={pending.error} onRetry={() => void pending.refetch()} />
      ) : (
        <Table<Report>
          rowKey="id"
          size="small"
          loading={pending.isPending}
          dataSource={pending.data?.items ?? []}
          columns={columns}
          pagination={false}
          locale={{ emptyText: '没有待审核的填报' }}
        />
      )}
      <Modal
        open={submitting}
        title={`填报指标（${year} 年）`}
        okText="提交审核"
        cancelText="取消"
        confirmLoading={submit.isPending}
        onCancel={() => setSubmitting(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form<SubmitFields>
          form={form}
          layout="vertical"
          onFinish={(v) => (files.length ? submit.mutate(v) : setFileMissing(true))}
          initialValues={{ asOf: dayjs().isAfter(`${year}-12-31`) ? dayjs(`${year}-12-31`) : dayjs() }}
        >
          <Form.Item name="key" label="指标" rules={[{ required: true, message: '请选择指标' }]}>
            <Select
              placeholder="平台无法自动统计的指标"
              options={reportable.map((f) => ({
                value: f.key,
                label: `${f.name}（${f.accumulationLabel}，${f.unit}）`,
              }))}
            />
          </Form.Item>
          <Form.Item
            name="value"
            label="数值"
            extra="年度数据填当年累计新增；累计数据填截至日期的总量"
            rules={[{ required: true, message: '请填写数值' }]}
          >
            <InputNumber min={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="asOf" label="数据截至日期" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="evidence" label="佐证说明" rules={[{ required: true, message: '请填写佐证说明' }]}>
            <Input.TextArea rows={3} maxLength={4000} placeholder="如：认定文件名称与文号" />
          </Form.Item>
          <Form.Item
            label="佐证材料"
            required
            extra="PDF、图片或 Office 文件，不超过 20 MB"
            validateStatus={fileMissing ? 'error' : undefined}
            help={fileMissing ? '请上传佐证材料' : undefined}
          >
            <Upload.Dragger
              fileList={files}
              maxCount={1}
              beforeUpload={(file) => {
                setFiles([{ uid: file.uid, name: file.name, status: 'done', originFileObj: file }]);
                setFileMissing(false);
                return false;
              }}
              onRemove={() => setFiles([])}
            >
              <p>点击或拖拽文件到此处上传佐证材料</p>
            </Upload.Dragger>
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}
