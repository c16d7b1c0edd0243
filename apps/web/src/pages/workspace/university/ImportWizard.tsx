import { InboxOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Progress, Radio, Select, Space, Steps, Table, Upload } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';

import { ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { useSession } from '../../../lib/session';
import { time, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';

type Batch = Schemas['ImportBatchResponseDto'];
type Row = Schemas['ImportRowResponseDto'];
type Outcome = Schemas['RowOutcome'];
type Kind = Batch['kind'];

const STATUS_LABELS: Record<Schemas['ImportStatus'], string> = {
  uploaded: '已上传',
  validating: '校验中',
  previewed: '待确认',
  committing: '导入中',
  committed: '已导入',
  failed: '失败',
};

const OUTCOME_TONES: Record<Outcome, 'plain' | 'ok' | 'info' | 'warn' | 'bad'> = {
  new: 'ok',
  updated: 'info',
  unchanged: 'plain',
  duplicate_suspect: 'warn',
  invalid: 'bad',
};

const OUTCOME_LABELS: Record<Outcome, string> = {
  new: '新增',
  updated: '更新',
  unchanged: '无变化',
  duplicate_suspect: '疑似重复',
  invalid: '有误',
};

const KIND_LABELS: Record<Kind, string> = { achievements: '科技成果', demands: '技术需求' };

const RUNNING: Schemas['ImportStatus'][] = ['uploaded', 'validating', 'committing'];
const MAX_BYTES = 20 * 1024 * 1024;
const ROWS_PAGE = 50;

function stepOf(batch: Batch | undefined): number {
  if (!batch) return 0;
  if (batch.status === 'uploaded' || batch.status === 'validating') return 1;
  if (batch.status === 'previewed') return 2;
  return 3;
}

/** Where a record a row refers to opens: the institution's own list, or the manager's catalogue. */
function recordLink(kind: Kind, id: string, staff: boolean): string {
  if (kind === 'demands') return `/hall/${id}`;
  return staff ? `/workspace/achievements?edit=${id}` : `/workspace/my-achievements?edit=${id}`;
}

/**
 * 批量导入: template → upload (drag and drop) → validation with progress → preview of every row with its problems,
 * near-duplicates to import or skip → commit with progress → outcome and the error report. The batch lives in the
 * address bar, so a reload or a shared link opens the same step.
 */
export default function ImportWizard() {
  const url = useUrlState();
  const { me } = useSession();
  const staff = me?.role === 'admin' || me?.role === 'manager';
  const batchId = url.get('batch');

  return (
    <div className="manager-page import-wizard">
      <div className="page-head">
        <h1>批量导入</h1>
        {batchId && (
          <Button onClick={() => url.update({ batch: undefined })} aria-label="导入新文件">
            导入新文件
          </Button>
        )}
      </div>
      {batchId ? (
        <BatchView key={batchId} id={batchId} staff={staff} />
      ) : (
        <UploadStep staff={staff} onUploaded={(id) => url.update({ batch: id })} />
      )}
    </div>
  );
}

function WizardSteps({ current, failed }: { current: number; failed?: boolean }) {
  return (
    <Steps
      className="wizard-steps"
      current={current}
      status={failed ? 'error' : undefined}
      items={[{ title: '上传文件' }, { title: '校验预览' }, { title: '确认导入' }, { title: '导入结果' }]}
    />
  );
}

function UploadStep({ staff, onUploaded }: { staff: boolean; onUploaded: (id: string) => void }) {
  const notify = useNotify();
  const [kind, setKind] = useState<Kind>('achievements');
  const history = useQuery({
    queryKey: ['imports', 'recent'],
    queryFn: () => unwrap(api.GET('/imports', { params: { query: { page: 1, pageSize: 5 } } })),
  });
  const upload = useMutation({
    mutationFn: (file: File) =>
      unwrap(
        api.POST('/imports', {
          body: { file: file.name, kind },
          bodySerializer: (body) => {
            const form = new FormData();
            form.append('kind', body.kind);
            form.append('file', file, file.name);
            return form;
          },
        }),
      ),
    onSuccess: (batch) => onUploaded(batch.id),
    onError: (err) => notify.fail(err),
  });

  return (
    <>
      <WizardSteps current={0} />
      <section className="wizard-panel" aria-labelledby="template-title">
        <h2 id="template-title">第一步：下载模板，按模板填写</h2>
        <p>
          模板第一行为中文表头，带“*”的列必填；“填写说明”工作表列出了每列的格式、可选的产业链与转化方式。
          {staff ? '每行须填写所属单位。' : '所有行都登记在本单位名下，“所属单位”一列可不填。'}
        </p>
        {staff && (
          <Radio.Group
            aria-label="导入类型"
            value={kind}
            onChange={(e) => setKind(e.target.value as Kind)}
            options={(['achievements', 'demands'] as Kind[]).map((k) => ({ value: k, label: KIND_LABELS[k] }))}
          />
        )}
        <Space wrap className="template-links">
          <a href={`/imports/templates/${kind}.xlsx`} download>
            下载{KIND_LABELS[kind]}导入模板（xlsx）
          </a>
          <a href={`/imports/templates/${kind}.csv`} download>
            下载{KIND_LABELS[kind]}导入模板（csv）
          </a>
        </Space>
      </section>
      <section className="wizard-panel" aria-labelledby="upload-title">
        <h2 id="upload-title">第二步：上传填好的文件</h2>
        <Upload.Dragger
          name="file"
          accept=".xlsx,.csv"
          multiple={false}
          showUploadList={false}
          disabled={upload.isPending}
          beforeUpload={(file) => {
            if (file.size > MAX_BYTES) {
              notify.fail(new Error('文件超过 20 MB'));
              return Upload.LIST_IGNORE;
            }
            return true;
          }}
          customRequest={({ file, onSuccess, onError }) => {
            upload.mutate(file as File, {
              onSuccess: () => onSuccess?.(null),
              onError: (err) => onError?.(err as Error),
            });
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">
            {upload.isPending ? '正在上传…' : '将 xlsx 或 csv 文件拖到这里，或点击选择文件'}
          </p>
          <p className="ant-upload-hint">
            不超过 20 MB、5 万行；csv 可为 UTF-8 或 GBK 编码。上传后先校验预览，确认前不会写入任何数据。
          </p>
        </Upload.Dragger>
      </section>
      {history.data && history.data.items.length > 0 && (
        <section className="wizard-panel" aria-labelledby="history-title">
          <h2 id="history-title">最近的导入</h2>
          <Table<Batch>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={history.data.items}
            columns={[
              {
                title: '文件',
                dataIndex: 'filename',
                render: (name: string, b) => <Link to={`/workspace/imports?batch=${b.id}`}>{name}</Link>,
              },
              { title: '状态', dataIndex: 'status', width: 90, render: (s: Batch['status']) => STATUS_LABELS[s] },
              { title: '行数', key: 'total', width: 70, render: (_, b) => b.counts.total },
              { title: '上传时间', dataIndex: 'createdAt', width: 150, render: (v: string) => time(v) },
            ]}
          />
        </section>
      )}
    </>
  );
}

function BatchView({ id, staff }: { id: string; staff: boolean }) {
  const notify = useNotify();
  const client = useQueryClient();
  const [include, setInclude] = useState<Set<number>>(new Set());
  const batch = useQuery({
    queryKey: ['import', id],
    queryFn: () => unwrap(api.GET('/imports/{id}', { params: { path: { id } } })),
    refetchInterval: (q) => (q.state.data && RUNNING.includes(q.state.data.status) ? 600 : false),
  });
  const commit = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/imports/{id}/commit', {
          params: { path: { id } },
          body: { includeRows: [...include].sort((a, b) => a - b) },
        }),
      ),
    onSuccess: (saved) => client.setQueryData(['import', id], saved),
    onError: (err) => notify.fail(err),
  });

  if (batch.isPending) return <PageLoading />;
  if (batch.error || !batch.data) return <ErrorState error={batch.error} onRetry={() => void batch.refetch()} />;
  const b = batch.data;
  const c = b.counts;
  const percent = Math.round(b.progress * 100);

  return (
    <>
      <WizardSteps current={stepOf(b)} failed={b.status === 'failed'} />
      <p className="wizard-file">
        文件：<strong>{b.filename}</strong>（{KIND_LABELS[b.kind]}，{STATUS_LABELS[b.status]}，上传于{' '}
        {time(b.createdAt)}）
      </p>
      {(b.status === 'uploaded' || b.status === 'validating') && (
        <section className="wizard-panel" aria-live="polite">
          <h2>正在校验文件</h2>
          <Progress percent={percent} status="active" aria-label="校验进度" />
          <p>逐行检查必填项、格式、专利号与已有记录，并查找疑似重复；确认前不会写入任何数据。</p>
        </section>
      )}
      {b.status === 'committing' && (
        <section className="wizard-panel" aria-live="polite">
          <h2>正在导入</h2>
          <Progress percent={percent} status="active" aria-label="导入进度" />
          <p>新增与更新的记录逐条写入，每条记录都有操作记录。</p>
        </section>
      )}
      {b.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          role="alert"
          message="文件未能导入"
          description={b.error ?? '导入失败，请下载结果报告查看原因'}
          action={
            <a href={`/imports/${id}/report`} download>
              下载结果报告
            </a>
          }
        />
      )}
      {b.status === 'previewed' && (
        <section className="wizard-panel" aria-labelledby="preview-title">
          <h2 id="preview-title">校验结果</h2>
          <Counts counts={c} />
          {c.invalid > 0 && (
            <Alert
              type="warning"
              showIcon
              message={`${c.invalid} 行有误，确认导入时不会写入；可在原文件中修改后重新上传，或下载结果报告逐行查看原因。`}
            />
          )}
          {c.duplicateSuspect > 0 && (
            <Alert
              type="info"
              showIcon
              message={`${c.duplicateSuspect} 行与已有记录高度相似（疑似重复）：请逐行查看相似的记录，选择“导入”或“跳过”（默认跳过）。`}
            />
          )}
          <Space wrap className="wizard-actions">
            <Button type="primary" loading={commit.isPending} onClick={() => commit.mutate()}>
              确认导入（新增 {c.new + include.size} 行，更新 {c.updated} 行）
            </Button>
            <a href={`/imports/${id}/report`} download>
              下载结果报告
            </a>
          </Space>
        </section>
      )}
      {b.status === 'committed' && (
        <section className="wizard-panel" aria-labelledby="outcome-title">
          <h2 id="outcome-title">导入结果</h2>
          <Outcome counts={c} included={b.includedRows.length} />
          <Space wrap className="wizard-actions">
            <a href={`/imports/${id}/report`} download>
              下载错误报告（有误、疑似重复及未写入的行）
            </a>
            <Link to={staff ? '/workspace/achievements' : '/workspace/my-achievements'}>查看成果列表</Link>
          </Space>
        </section>
      )}
      {(b.status === 'previewed' || b.status === 'committed') && (
        <RowsTable
          batch={b}
          staff={staff}
          include={include}
          onInclude={(row, on) => {
            const next = new Set(include);
            if (on) next.add(row);
            else next.delete(row);
            setInclude(next);
          }}
        />
      )}
    </>
  );
}

function Counts({ counts: c }: { counts: Batch['counts'] }) {
  const items: Array<[string, number, 'plain' | 'ok' | 'info' | 'warn' | 'bad']> = [
    ['共', c.total, 'plain'],
    ['新增', c.new, 'ok'],
    ['更新', c.updated, 'info'],
    ['无变化', c.unchanged, 'plain'],
    ['疑似重复', c.duplicateSuspect, 'warn'],
    ['有误', c.invalid, 'bad'],
  ];
  return (
    <ul className="import-counts" aria-label="校验结果统计">
      {items.map(([name, n, tone]) => (
        <li key={name}>
          <ToneTag tone={tone}>
            {name} {n} 行
          </ToneTag>
        </li>
      ))}
    </ul>
  );
}

/** 新增 / 更新 / 无变化 / 失败: what the commit did with every row of the file. */
function Outcome({ counts: c, included }: { counts: Batch['counts']; included: number }) {
  const failed = c.invalid + c.skipped;
  const skippedSuspects = Math.max(0, c.duplicateSuspect - included);
  const items: Array<[string, number, string]> = [
    ['新增', c.created, '条记录'],
    ['更新', Math.max(0, c.applied - c.created), '条记录'],
    ['无变化', c.unchanged, '行'],
    ['失败', failed, '行'],
  ];
  return (
    <>
      <dl className="import-outcome" aria-label="导入结果统计">
        {items.map(([name, n, unit]) => (
          <div key={name} className={`outcome-${name}`}>
            <dt>{name}</dt>
            <dd>
              <strong>{n}</strong> {unit}
            </dd>
          </div>
        ))}
      </dl>
      <p className="form-note">
        共 {c.total} 行。失败 = 有误 {c.invalid} 行
        {c.skipped ? ` + 预览后平台上已出现同一记录而跳过 ${c.skipped} 行` : ''}
        {skippedSuspects ? `；另有 ${skippedSuspects} 行疑似重复按选择跳过` : ''}。
      </p>
    </>
  );
}

function RowsTable({
  batch,
  staff,
  include,
  onInclude,
}: {
  batch: Batch;
  staff: boolean;
  include: Set<number>;
  onInclude: (row: number, on: boolean) => void;
}) {
  const [outcome, setOutcome] = useState<Outcome | undefined>();
  const [page, setPage] = useState(1);
  const rows = useQuery({
    queryKey: ['import', batch.id, 'rows', batch.status, outcome, page],
    queryFn: () =>
      unwrap(
        api.GET('/imports/{id}/rows', {
          params: { path: { id: batch.id }, query: { outcome, page, pageSize: ROWS_PAGE } },
        }),
      ),
  });
  const deciding = batch.status === 'previewed';

  return (
    <section className="wizard-panel" aria-labelledby="rows-title">
      <div className="rows-head">
        <h2 id="rows-title">逐行结果</h2>
        <Select
          allowClear
          placeholder="全部结果"
          aria-label="按结果筛选"
          style={{ width: 140 }}
          value={outcome}
          onChange={(v: Outcome | undefined) => {
            setOutcome(v);
            setPage(1);
          }}
          options={(Object.keys(OUTCOME_LABELS) as Outcome[]).map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
        />
      </div>
      {rows.error ? (
        <ErrorState error={rows.error} onRetry={() => void rows.refetch()} />
      ) : (
        <Table<Row>
          rowKey="rowNumber"
          size="small"
          loading={rows.isFetching}
          dataSource={rows.data?.items ?? []}
          scroll={{ x: 900 }}
          locale={{ emptyText: rows.isPending ? ' ' : '没有符合条件的行' }}
          rowClassName={(r) => `import-row import-row-${r.outcome}`}
          pagination={{
            current: page,
            pageSize: ROWS_PAGE,
            total: rows.data?.total ?? 0,
            showSizeChanger: false,
            showTotal: (total) => `共 ${total} 行`,
            onChange: setPage,
          }}
          columns={[
            { title: '行号', dataIndex: 'rowNumber', width: 70 },
            {
              title: '结果',
              dataIndex: 'outcome',
              width: 100,
              render: (o: Outcome, r) => (
                <ToneTag tone={OUTCOME_TONES[o]}>{r.applied ? `${r.outcomeLabel}·已写入` : r.outcomeLabel}</ToneTag>
              ),
            },
            {
              title: '名称',
              key: 'title',
              width: 260,
              render: (_, r) => (typeof r.data.title === 'string' && r.data.title ? r.data.title : '（未填写）'),
            },
            {
              title: '问题与说明',
              key: 'reasons',
              render: (_, r) => <RowNotes row={r} kind={batch.kind} staff={staff} />,
            },
            ...(deciding && batch.counts.duplicateSuspect > 0
              ? [
                  {
                    title: '处理',
                    key: 'decide',
                    width: 150,
                    render: (_: unknown, r: Row) =>
                      r.outcome === 'duplicate_suspect' ? (
                        <Radio.Group
                          size="small"
                          optionType="button"
                          aria-label={`第 ${r.rowNumber} 行的处理`}
                          value={include.has(r.rowNumber) ? 'include' : 'skip'}
                          onChange={(e) => onInclude(r.rowNumber, e.target.value === 'include')}
                          options={[
                            { value: 'include', label: '导入' },
                            { value: 'skip', label: '跳过' },
                          ]}
                        />
                      ) : null,
                  },
                ]
              : []),
          ]}
        />
      )}
    </section>
  );
}

function RowNotes({ row: r, kind, staff }: { row: Row; kind: Kind; staff: boolean }) {
  const notes = [
    ...r.reasons.map((x, i) => (
      <li key={`r${i}`} className="row-problem">
        {x.column ? <strong>{x.column}：</strong> : null}
        {x.reason}
      </li>
    )),
  ];
  if (r.outcome === 'duplicate_suspect' && r.targetId && !r.applied) {
    notes.push(
      <li key="dup">
        <Link to={recordLink(kind, r.targetId, staff)} target="_blank" rel="noopener">
          查看相似的已有记录
        </Link>
      </li>,
    );
  }
  if (r.changes?.length) {
    notes.push(<li key="changes">将更新：{r.changes.map((c) => c.column).join('、')}</li>);
  }
  if (r.outcome === 'unchanged') notes.push(<li key="same">与平台上的记录一致，无需写入</li>);
  if (r.commitNote) notes.push(<li key="note">未写入：{r.commitNote}</li>);
  if (r.applied && r.targetId && (r.outcome === 'new' || r.outcome === 'duplicate_suspect')) {
    notes.push(
      <li key="written">
        <Link to={recordLink(kind, r.targetId, staff)}>查看写入的记录</Link>
      </li>,
    );
  }
  return notes.length ? <ul className="row-notes">{notes}</ul> : <span>—</span>;
}
