import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

import { api, type Schemas, unwrap } from './api';
import { useNotify } from './workspace';

export type ExportJob = Schemas['ExportJobResponseDto'];

const FINISHED: ExportJob['status'][] = ['done', 'failed'];

/** An export job's status, polled every `interval` ms until it is done or failed. */
export function useExportJobStatus(jobId: string | undefined, interval = 600) {
  return useQuery({
    queryKey: ['export', jobId],
    queryFn: () => unwrap(api.GET('/exports/{id}', { params: { path: { id: jobId! } } })),
    enabled: !!jobId,
    refetchInterval: (q) => (q.state.data && FINISHED.includes(q.state.data.status) ? false : interval),
  });
}

/**
 * An export job the page starts (`request` asks the API for one) and then follows: `job` is its latest polled
 * state (undefined until the first poll answers), `started` the API's answer to the request, `reset` forgets it.
 */
export function useExportJob(request: () => Promise<ExportJob>, interval = 600) {
  const notify = useNotify();
  const [started, setStarted] = useState<ExportJob | null>(null);
  const start = useMutation({
    mutationFn: request,
    onSuccess: setStarted,
    onError: (err) => notify.fail(err),
  });
  const status = useExportJobStatus(started?.id, interval);
  return {
    start: () => start.mutate(),
    starting: start.isPending,
    started,
    jobId: started?.id,
    job: status.data?.id === started?.id ? status.data : undefined,
    reset: () => setStarted(null),
  };
}
