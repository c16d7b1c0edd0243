import { AppConfig } from '@app/config';
import { FailedJobView, JobName, JobQueue, QueueName, QueueRole, Reconciler } from '@app/queue';
import { SyncColumn, SyncStateRepository } from '@app/registry';
import { Injectable } from '@nestjs/common';

import { IndexKind } from '../search-index/search-documents';
import { INDEX_KINDS } from '../search-index/search-index.service';

/**
 * Job ids among `failed` whose row is gone or whose `column` (indexed_version, matched_version) has reached its
 * version: the work those jobs stood for is done.
 */
export async function resolvedRowJobs(
  state: SyncStateRepository,
  failed: FailedJobView[],
  column: SyncColumn,
  rowOf: (job: FailedJobView) => { kind: IndexKind; id: string } | undefined,
): Promise<string[]> {
  const resolved: string[] = [];
  for (const kind of INDEX_KINDS) {
    const jobs = failed.flatMap((job) => {
      const row = rowOf(job);
      return row?.kind === kind && typeof row.id === 'string' ? [{ job: job.id, row: row.id }] : [];
    });
    if (jobs.length === 0) continue;
    const lagging = await state.stillLagging(kind, [...new Set(jobs.map((j) => j.row))], column);
    resolved.push(...jobs.filter((j) => !lagging.has(j.row)).map((j) => j.job));
  }
  return resolved;
}

/** Job id of a row version's matching: the same one the search sync derives from its own job id. */
export function matchJobId(kind: IndexKind, id: string, version: number): string {
  return `match-search-${kind}-${id}-${version}`;
}

/**
 * Safety net for suggestions, next to the search reconciler: a row whose index state is current but whose
 * suggestions are older (its match job was lost with Redis, or failed for good) gets its match job again, under the
 * job id the sync would have used. Rows still waiting for the index are left to the search reconciler: a record is
 * matched only once it is searchable, so that of two records published together the later one finds the earlier.
 * Covers every status: the job for a closed or withdrawn row drops its undecided suggestions.
 */
@Injectable()
export class MatchingReconciler extends Reconciler {
  constructor(
    private readonly state: SyncStateRepository,
    private readonly queue: JobQueue,
    role: QueueRole,
    config: AppConfig,
  ) {
    super(role, config);
  }

  /** Rows indexed at their current version whose suggestions lag it. */
  async lagging(kind: IndexKind, limit = 1000): Promise<Array<{ id: string; version: number }>> {
    return this.state.matchLagging(kind, limit);
  }

  protected async pass(): Promise<number> {
    await this.dropResolvedFailures(this.queue, QueueName.Matching, (failed) =>
      resolvedRowJobs(this.state, failed, 'matched_version', (job) =>
        'demandId' in job.data
          ? { kind: 'demands', id: String(job.data.demandId) }
          : 'achievementId' in job.data
            ? { kind: 'achievements', id: String(job.data.achievementId) }
            : undefined,
      ),
    );
    let queued = 0;
    for (const kind of INDEX_KINDS) {
      for (const row of await this.lagging(kind)) {
        const jobId = matchJobId(kind, row.id, row.version);
        if (kind === 'achievements') {
          await this.queue.enqueue(JobName.MatchAchievement, { achievementId: row.id }, { jobId, rerun: true });
        } else {
          await this.queue.enqueue(JobName.MatchDemand, { demandId: row.id }, { jobId, rerun: true });
        }
        queued++;
      }
    }
    return queued;
  }
}
