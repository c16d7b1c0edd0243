/**
 * The outbox relay's data access: claims undispatched events, lets the relay hand them to the queue, marks them
 * dispatched — all or nothing. A port, so that the relay's logic can be tested without PostgreSQL
 * (PostgreSQL's is OutboxRepository).
 */
export abstract class OutboxStore {
  /**
   * In one transaction: claims up to `limit` undispatched event ids (oldest first; rows another relay holds are
   * skipped), runs `send` with them, then marks them dispatched. If `send` throws, nothing is marked and the error is
   * rethrown. Returns how many events were claimed (0: nothing to do, `send` is not called).
   */
  abstract dispatch(limit: number, send: (ids: string[]) => Promise<void>): Promise<number>;
}
