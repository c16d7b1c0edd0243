import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Table, Tabs } from 'antd';

import { ExportJobButton } from '../../../components/ExportJobButton';
import { ErrorState, PageLoading } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { ACHIEVEMENT_STATUS_LABELS, ROLE_LABELS } from '../../../lib/labels';
import { useSession } from '../../../lib/session';
import { day, time, useUrlState } from '../../../lib/workspace';

type Profile = Schemas['InstitutionProfileResponseDto'];
type Match = Schemas['InstitutionMatchDto'];
type Activity = Schemas['InstitutionActivityDto'];
type Achievement = Schemas['AchievementResponseDto'];

/**
 * 一校一档: the institution's file — who it is, its achievements, the pairs that reached 精准匹配 and their
 * contracts, the activities it takes part in, its people and recent activity — and the same file as a workbook.
 * A university reads its own; staff open any institution with ?org=.
 */
export default function InstitutionProfile() {
  const { me } = useSession();
  const url = useUrlState();
  const staff = me?.role === 'admin' || me?.role === 'manager';
  const orgId = (staff ? url.get('org') : undefined) ?? me?.organisationId ?? undefined;
  const profile = useQuery({
    queryKey: ['institution-profile', orgId],
    queryFn: () => unwrap(api.GET('/organisations/{id}/profile', { params: { path: { id: orgId! } } })),
    enabled: !!orgId,
  });

  if (!orgId) {
    return (
      <div className="manager-page">
        <h1>一校一档</h1>
        <Alert type="info" showIcon message="请从机构列表选择一所高校院所（地址中加 ?org=机构编号）" />
      </div>
    );
  }
  return (
    <div className="manager-page institution-profile">
      {profile.isPending ? (
        <PageLoading />
      ) : profile.error || !profile.data ? (
        <ErrorState error={profile.error} onRetry={() => void profile.refetch()} />
      ) : (
        <ProfileView profile={profile.data} orgId={orgId} />
      )}
    </div>
  );
}

function ProfileView({ profile: p, orgId }: { profile: Profile; orgId: string }) {
  const o = p.organisation;
  const byStatus = Object.entries(p.stats.byStatus)
    .map(([s, n]) => `${ACHIEVEMENT_STATUS_LABELS[s as Achievement['status']] ?? s} ${n}`)
    .join(' · ');
  return (
    <>
      <div className="page-head">
        <h1>一校一档：{o.name}</h1>
        <ProfileDownload orgId={orgId} />
      </div>
      <ul className="profile-stats" aria-label="概况">
        <li>
          <strong>{p.stats.achievements}</strong>
          <span>科技成果（项）</span>
        </li>
        <li>
          <strong>{p.stats.matches}</strong>
          <span>精准匹配（对）</span>
        </li>
        <li>
          <strong>{p.stats.contracts}</strong>
          <span>签约（项）</span>
        </li>
        <li>
          <strong>{p.stats.activities}</strong>
          <span>参与活动（场）</span>
        </li>
      </ul>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'district', label: '所在区镇', children: o.district ?? '—' },
          { key: 'creditCode', label: '统一社会信用代码', children: o.creditCode ?? '—' },
          { key: 'status', label: '成果状态', children: byStatus || '—' },
          { key: 'intro', label: '简介', children: o.intro || '—', span: 2 },
        ]}
      />
      <Tabs
        className="profile-tabs"
        items={[
          {
            key: 'achievements',
            label: `科技成果（${p.achievements.length}）`,
            children: (
              <Table<Achievement>
                rowKey="id"
                size="small"
                dataSource={p.achievements}
                pagination={{ pageSize: 10, showSizeChanger: false }}
                locale={{ emptyText: '还没有成果' }}
                columns={[
                  { title: '成果名称', dataIndex: 'title' },
                  {
                    title: '状态',
                    dataIndex: 'status',
                    width: 120,
                    render: (s: Achievement['status']) => ACHIEVEMENT_STATUS_LABELS[s],
                  },
                  {
                    title: '来源',
                    dataIndex: 'sourceFile',
                    width: 220,
                    render: (f: string | null) => (f ? `导入：${f}` : '平台登记'),
                  },
                  { title: '登记时间', dataIndex: 'createdAt', width: 110, render: (v: string) => day(v) },
                ]}
              />
            ),
          },
          {
            key: 'matches',
            label: `精准匹配（${p.matches.length}）`,
            children: <MatchTable rows={p.matches} empty="还没有成果进入精准匹配" />,
          },
          {
            key: 'contracts',
            label: `签约（${p.contracts.length}）`,
            children: (
              <Table<Match>
                rowKey="id"
                size="small"
                dataSource={p.contracts}
                pagination={false}
                locale={{ emptyText: '还没有签约' }}
                columns={[
                  { title: '本单位成果', dataIndex: 'achievementTitle' },
                  { title: '企业需求', dataIndex: 'demandTitle' },
                  { title: '需求企业', dataIndex: 'enterpriseName', render: (v: string | null) => v ?? '—' },
                  { title: '签约日期', dataIndex: 'contractedAt', width: 110, render: (v: string | null) => day(v) },
                  {
                    title: '合作方式',
                    dataIndex: 'contractModeLabel',
                    width: 100,
                    render: (v: string | null) => v ?? '—',
                  },
                  {
                    title: '合同金额（万元）',
                    dataIndex: 'contractAmount',
                    width: 130,
                    render: (v: number | null) => (v === null || v === undefined ? '未披露' : v),
                  },
                ]}
              />
            ),
          },
          {
            key: 'activities',
            label: `产学研活动（${p.activities.length}）`,
            children: (
              <Table<Activity>
                rowKey="id"
                size="small"
                dataSource={p.activities}
                pagination={false}
                locale={{ emptyText: '还没有参与的活动' }}
                columns={[
                  { title: '活动名称', dataIndex: 'title' },
                  { title: '类型', dataIndex: 'kindLabel', width: 120 },
                  { title: '状态', dataIndex: 'statusLabel', width: 90 },
                  { title: '时间', key: 'at', width: 150, render: (_, a) => time(a.heldAt ?? a.scheduledAt) },
                  { title: '地点', dataIndex: 'place' },
                  {
                    title: '本单位到场',
                    key: 'attended',
                    width: 100,
                    render: (_, a) => (a.heldAt ? (a.attended ? '是' : '否') : '—'),
                  },
                ]}
              />
            ),
          },
          {
            key: 'contacts',
            label: `联系人（${p.contacts.length}）`,
            children: (
              <Table<Schemas['InstitutionContactDto']>
                rowKey="id"
                size="small"
                dataSource={p.contacts}
                pagination={false}
                locale={{ emptyText: '没有平台用户' }}
                columns={[
                  { title: '姓名', dataIndex: 'name' },
                  { title: '邮箱', dataIndex: 'email' },
                  { title: '电话', dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
                  {
                    title: '角色',
                    dataIndex: 'role',
                    render: (r: string) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r,
                  },
                ]}
              />
            ),
          },
          {
            key: 'activity',
            label: '近期动态',
            children: (
              <ul className="profile-events">
                {p.activity.length === 0 && <li>暂无动态</li>}
                {p.activity.map((e) => (
                  <li key={e.id}>
                    <time dateTime={e.occurredAt}>{time(e.occurredAt)}</time> {e.label}
                    {e.object ? `：${e.object}` : ''}
                  </li>
                ))}
              </ul>
            ),
          },
        ]}
      />
    </>
  );
}

function MatchTable({ rows, empty }: { rows: Match[]; empty: string }) {
  return (
    <Table<Match>
      rowKey="id"
      size="small"
      dataSource={rows}
      pagination={{ pageSize: 10, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: empty }}
      columns={[
        { title: '本单位成果', dataIndex: 'achievementTitle' },
        { title: '企业需求', dataIndex: 'demandTitle' },
        { title: '需求企业', dataIndex: 'enterpriseName', render: (v: string | null) => v ?? '—' },
        { title: '对接阶段', dataIndex: 'statusLabel', width: 100 },
        { title: '确认时间', dataIndex: 'confirmedAt', width: 110, render: (v: string | null) => day(v) },
      ]}
    />
  );
}

/** The workbook: an export job with its progress, then the download. */
function ProfileDownload({ orgId }: { orgId: string }) {
  return (
    <ExportJobButton
      request={() => unwrap(api.POST('/organisations/{id}/profile/export', { params: { path: { id: orgId } } }))}
      startLabel="生成一校一档文件"
      downloadLabel="下载一校一档（xlsx）"
    />
  );
}
