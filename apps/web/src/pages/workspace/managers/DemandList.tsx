import { useQuery } from '@tanstack/react-query';
import { Table, Typography } from 'antd';
import { Link, useParams } from 'react-router';

import { ExportJobButton } from '../../../components/ExportJobButton';
import { QueryView } from '../../../components/states';
import { api, type Schemas, unwrap } from '../../../lib/api';
import { day } from '../../../lib/workspace';
import { ToneTag } from '../manager/shared';

type Row = Schemas['DemandListRowDto'];

/** The workbook: an export job with its progress, then the download. */
function ListDownload({ organisationId }: { organisationId: string }) {
  return (
    <ExportJobButton
      request={() =>
        unwrap(api.POST('/demand-lists/{organisationId}/export', { params: { path: { organisationId } } }))
      }
      startLabel="导出需求清单"
      downloadLabel="下载需求清单（xlsx）"
    />
  );
}

/** 龙头企业需求清单: an enterprise's demands plus the needs mined in service and not yet registered. */
export default function DemandList() {
  const { organisationId = '' } = useParams();
  const list = useQuery({
    queryKey: ['demand-lists', organisationId],
    queryFn: () => unwrap(api.GET('/demand-lists/{organisationId}', { params: { path: { organisationId } } })),
  });
  return (
    <div className="managers-page">
      <QueryView query={list}>
        {(l) => (
          <>
            <div className="page-head">
              <h1>需求清单：{l.organisationName}</h1>
              <ListDownload organisationId={organisationId} />
            </div>
            <p className="page-intro">
              {l.leading ? <ToneTag tone="info">龙头企业</ToneTag> : null}
              企业在平台登记的技术需求，加上技术经理人服务中挖掘、尚未登记的需求。
              <Link to={`/workspace/service-records?org=${organisationId}`}>查看服务记录</Link>
            </p>
            <Table<Row>
              rowKey={(r) => r.demandId ?? r.needId ?? r.title}
              size="small"
              dataSource={l.rows}
              pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
              locale={{ emptyText: '清单为空：企业尚未登记需求，服务中也未挖掘需求' }}
              columns={[
                {
                  title: '需求',
                  dataIndex: 'title',
                  render: (v: string, r: Row) => (
                    <>
                      <div>{v}</div>
                      {r.description && (
                        <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
                          {r.description}
                        </Typography.Text>
                      )}
                    </>
                  ),
                },
                {
                  title: '来源',
                  dataIndex: 'source',
                  width: 100,
                  render: (v: string, r: Row) => <ToneTag tone={r.kind === 'demand' ? 'info' : 'warn'}>{v}</ToneTag>,
                },
                { title: '状态', dataIndex: 'statusLabel', width: 110 },
                { title: '类型', dataIndex: 'demandKindLabel', width: 130, render: (v: string | null) => v ?? '—' },
                { title: '产业链', dataIndex: 'chainNames', render: (v: string[]) => v.join('、') || '—' },
                {
                  title: '挖掘 / 发布',
                  key: 'when',
                  width: 170,
                  render: (_: unknown, r: Row) => (
                    <>
                      {r.minedOn && <div>挖掘 {`${day(r.minedOn)} ${r.minedBy ?? ''}`}</div>}
                      {r.kind === 'demand' && <div>发布 {day(r.publishedOn)}</div>}
                    </>
                  ),
                },
              ]}
            />
          </>
        )}
      </QueryView>
    </div>
  );
}
