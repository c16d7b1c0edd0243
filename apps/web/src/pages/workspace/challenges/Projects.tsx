import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Form, Input, Modal, Radio, Space, Table, Tag } from 'antd';
import { type Key, useRef, useState } from 'react';
import { Link } from 'react-router';

import { EmptyState, ErrorState } from '../../../components/states';
import { api, unwrap } from '../../../lib/api';
import { showFieldErrors } from '../../../lib/form-errors';
import { wan } from '../../../lib/labels';
import { day, errorText, useNotify, useUrlState } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';
import { ChallengesNav } from './ChallengesNav';
import { type Project, ProjectStatusTag } from './shared';

/** 攻关项目: projects created by awards, their milestones, 赛马制 eliminations and the final acceptance (验收). */
export default function Projects() {
  const url = useUrlState();
  const callId = url.get('call');
  const list = useQuery({
    queryKey: ['projects', callId],
    queryFn: () => unwrap(api.GET('/challenges/projects', { params: { query: { challengeId: callId } } })),
  });
  const [accepting, setAccepting] = useState<Project | null>(null);
  // Every project opens with its milestones; the manager folds what they do not need.
  const [expanded, setExpanded] = useState<readonly Key[] | null>(null);
  return (
    <div className="manager-page">
      <div className="page-head">
        <h1>攻关项目</h1>
      </div>
      <ChallengesNav current="projects" />
      {callId && (
        <p className="note">
          仅显示一个榜单的项目。
          <Link to="/workspace/challenges/projects" className="alert-link">
            显示全部项目
          </Link>
        </p>
      )}
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<Project>
          rowKey="id"
          loading={list.isPending}
          dataSource={list.data ?? []}
          pagination={false}
          locale={{ emptyText: <EmptyState>暂无攻关项目，榜单定榜后自动创建</EmptyState> }}
          expandable={{
            expandedRowRender: (p) => <ProjectDetail project={p} onAcceptance={() => setAccepting(p)} />,
            expandedRowKeys: expanded ?? (list.data ?? []).map((p) => p.id),
            onExpandedRowsChange: (keys) => setExpanded(keys),
          }}
          columns={[
            {
              title: '项目',
              dataIndex: 'title',
              render: (t: string, p) => (
                <>
                  {t}
                  <div className="meta">
                    榜单：<Link to={`/workspace/challenges/${p.challengeId}`}>{p.challengeTitle}</Link>
                  </div>
                </>
              ),
            },
            { title: '承担单位', dataIndex: 'organisationName', width: 180, render: (v: string | null) => v ?? '—' },
            { title: '项目类别', dataIndex: 'programmeLineLabel', width: 220 },
            { title: '经费', dataIndex: 'funding', width: 110, render: (v: number) => wan(v) },
            { title: '定榜日期', dataIndex: 'awardedAt', width: 110, render: (v: string) => day(v) },
            {
              title: '状态',
              dataIndex: 'status',
              width: 110,
              render: (_: unknown, p) => <ProjectStatusTag project={p} />,
            },
          ]}
        />
      )}
      {accepting && <AcceptanceModal project={accepting} onClose={() => setAccepting(null)} />}
    </div>
  );
}

function useProjectSaved() {
  const client = useQueryClient();
  return async () => {
    await client.invalidateQueries({ queryKey: ['projects'] });
  };
}

function ProjectDetail({ project: p, onAcceptance }: { project: Project; onAcceptance: () => void }) {
  const { modal } = App.useApp();
  const notify = useNotify();
  const saved = useProjectSaved();
  const text = useRef('');
  const accept = useMutation({
    mutationFn: (index: number) =>
      unwrap(
        api.POST('/challenges/projects/{projectId}/milestones/{index}/accept', {
          params: { path: { projectId: p.id, index } },
          body: { note: text.current || undefined, version: p.version },
        }),
      ),
    onSuccess: async () => {
      await saved();
      notify.ok('里程碑已验收');
    },
    onError: (err) => notify.fail(err),
  });
  const eliminate = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/challenges/projects/{projectId}/eliminate', {
          params: { path: { projectId: p.id } },
          body: { reason: text.current, version: p.version },
        }),
      ),
    onSuccess: async () => {
      await saved();
      notify.ok('已淘汰该团队');
    },
    onError: (err) => notify.fail(err),
  });
  const ask = (title: string, label: string, okText: string, run: () => Promise<unknown>, danger = false) => {
    text.current = '';
    modal.confirm({
      title,
      content: (
        <Input.TextArea
          aria-label={label}
          placeholder={label}
          rows={3}
          onChange={(e) => (text.current = e.target.value)}
        />
      ),
      okText,
      okButtonProps: danger ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: run,
    });
  };
  const canAccept = p.allowedActions.includes('accept-milestone');
  return (
    <div className="project-detail">
      <Table
        rowKey="title"
        size="small"
        pagination={false}
        dataSource={p.milestones.map((m, i) => ({ ...m, index: i }))}
        columns={[
          { title: '里程碑', dataIndex: 'title' },
          { title: '完成日期', dataIndex: 'dueDate', width: 110 },
          { title: '交付物', dataIndex: 'deliverable' },
          {
            title: '状态',
            dataIndex: 'statusLabel',
            width: 200,
            render: (v: string, m) =>
              m.status === 'accepted' ? (
                <ToneTag tone="ok">
                  {v} {day(m.acceptedAt)}
                </ToneTag>
              ) : canAccept ? (
                <Button
                  size="small"
                  onClick={() =>
                    ask(`验收里程碑“${m.title}”？`, '验收意见（如：样机已交付，现场核验通过）', '确认验收', () =>
                      accept.mutateAsync(m.index),
                    )
                  }
                >
                  验收里程碑
                </Button>
              ) : (
                <Tag>{v}</Tag>
              ),
          },
          { title: '验收意见', dataIndex: 'note', render: (v: string | null) => v ?? '—' },
        ]}
      />
      {p.eliminationReason && <p className="note">淘汰原因：{p.eliminationReason}</p>}
      {p.acceptance && (
        <Descriptions size="small" bordered column={1} className="facts" title="验收结论">
          <Descriptions.Item label="结论">{p.acceptance.passed ? '验收通过' : '验收未通过'}</Descriptions.Item>
          {p.acceptance.measured.map((m) => (
            <Descriptions.Item key={m.name} label={m.name}>
              实测 {m.value} {m.unit}（目标 {m.target}）{m.met === null ? '' : m.met ? ' 达标' : ' 未达标'}
            </Descriptions.Item>
          ))}
          {p.acceptance.note && <Descriptions.Item label="意见">{p.acceptance.note}</Descriptions.Item>}
        </Descriptions>
      )}
      <Space className="form-actions" style={{ marginTop: 12 }}>
        {p.allowedActions.includes('eliminate') && (
          <Button
            danger
            onClick={() =>
              ask(
                `淘汰“${p.organisationName ?? '该团队'}”？`,
                '淘汰原因（中期评估结论）',
                '确认淘汰',
                () => eliminate.mutateAsync(),
                true,
              )
            }
          >
            中期淘汰
          </Button>
        )}
        {p.allowedActions.includes('acceptance') && (
          <Button type="primary" onClick={onAcceptance}>
            项目验收
          </Button>
        )}
      </Space>
    </div>
  );
}

interface AcceptanceFields {
  passed: boolean;
  values: Record<string, string>;
  note?: string;
}

/** 验收: the measured value of every acceptance indicator of the call, passed or failed. */
function AcceptanceModal({ project, onClose }: { project: Project; onClose: () => void }) {
  const [form] = Form.useForm<AcceptanceFields>();
  const notify = useNotify();
  const saved = useProjectSaved();
  const [problem, setProblem] = useState<string | null>(null);
  const call = useQuery({
    queryKey: ['challenge', project.challengeId],
    queryFn: () => unwrap(api.GET('/challenges/{id}', { params: { path: { id: project.challengeId } } })),
  });
  const save = useMutation({
    mutationFn: (v: AcceptanceFields) =>
      unwrap(
        api.POST('/challenges/projects/{projectId}/acceptance', {
          params: { path: { projectId: project.id } },
          body: {
            passed: v.passed,
            measured: (call.data?.indicators ?? []).map((i) => ({ name: i.name, value: v.values[i.name] })),
            note: v.note || undefined,
            version: project.version,
          },
        }),
      ),
    onSuccess: async () => {
      await saved();
      notify.ok('验收结论已保存');
      onClose();
    },
    onError: (err) => {
      if (!showFieldErrors(form, err, ['passed', 'note'])) setProblem(errorText(err));
    },
  });
  return (
    <Modal
      open
      title={`项目验收：${project.title}`}
      okText="确认验收结论"
      cancelText="取消"
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      width={640}
    >
      {problem && (
        <p className="form-problem" role="alert">
          {problem}
        </p>
      )}
      <Form<AcceptanceFields>
        form={form}
        layout="vertical"
        initialValues={{ passed: true }}
        onFinish={(v) => save.mutate(v)}
      >
        {(call.data?.indicators ?? []).map((i) => (
          <Form.Item
            key={i.name}
            name={['values', i.name]}
            label={`${i.name}实测值（目标 ${i.target} ${i.unit}）`}
            rules={[{ required: true, message: '请填写实测值' }]}
          >
            <Input maxLength={100} suffix={i.unit} />
          </Form.Item>
        ))}
        <Form.Item name="passed" label="验收结论">
          <Radio.Group
            options={[
              { value: true, label: '验收通过' },
              { value: false, label: '验收未通过' },
            ]}
          />
        </Form.Item>
        <Form.Item name="note" label="验收意见">
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
