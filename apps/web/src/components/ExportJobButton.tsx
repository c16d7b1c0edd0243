import { Button, Progress, Space } from 'antd';

import { type ExportJob, useExportJob } from '../lib/export-job';

interface ExportJobButtonProps {
  /** Asks the API for the job (its answer carries the job's id). */
  request: () => Promise<ExportJob>;
  /** The button before the file exists, e.g. 导出需求清单. */
  startLabel: string;
  /** The link once the file is ready, e.g. 下载需求清单（xlsx）. */
  downloadLabel: string;
  /**
   * `page`: a page's main action (primary button, 生成进度); `inline`: one export among others in a toolbar
   * (default button, a narrow 导出进度 bar).
   */
  variant?: 'page' | 'inline';
}

/** An export job: requested, its progress polled, then the download link; a failure says why and allows a retry. */
export function ExportJobButton({ request, startLabel, downloadLabel, variant = 'page' }: ExportJobButtonProps) {
  const { start, starting, jobId, job: j } = useExportJob(request);
  const page = variant === 'page';
  const verb = page ? '生成' : '导出';
  const content = (
    <>
      {j?.status === 'done' && j.downloadUrl ? (
        <Button type={page ? 'primary' : 'default'} href={j.downloadUrl} download>
          {downloadLabel}
        </Button>
      ) : (
        <Button
          type={page ? 'primary' : 'default'}
          loading={starting || (!!jobId && j?.status !== 'failed')}
          onClick={start}
        >
          {jobId && j?.status !== 'failed' ? '正在生成…' : startLabel}
        </Button>
      )}
      {jobId && j && j.status !== 'done' && (
        <Progress
          percent={Math.round(j.progress * 100)}
          status={j.status === 'failed' ? 'exception' : 'active'}
          size="small"
          style={page ? undefined : { width: 120 }}
          aria-label={`${verb}进度`}
        />
      )}
      {j?.status === 'failed' && <span role="alert">{j.error ?? `${verb}失败，请重试`}</span>}
    </>
  );
  return page ? (
    <div className="profile-download" aria-live="polite">
      {content}
    </div>
  ) : (
    <Space aria-live="polite">{content}</Space>
  );
}
