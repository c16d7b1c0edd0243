import { EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';

import { Actor, Role } from './actor';
import { AppError } from './app-error';
import { diffFields } from './diff';
import { ErrorCode } from './error-codes';

/**
 * The record workflow every versioned, stateful record of the platform follows (demands, achievements, matches,
 * activities and their follow-ups, the challenges context's calls, bids, financing needs and consortia): lock the
 * row for update → check the version the caller read → fire a transition allowed by the record's table, or apply an
 * edit in an editable status with its field diff, or a change outside the table under its own rule → save → record
 * the event (the caller writes the event, in the same transaction).
 */

/** Who may fire a transition: platform staff, the record's owner organisation, or both. */
export type Party = 'staff' | 'owner';

export interface TransitionRule<S extends string> {
  from: readonly S[];
  to: S;
  by: readonly Party[];
  /** Chinese name of the action, for messages. */
  label: string;
  reasonRequired?: boolean;
}

export type Workflow<S extends string, A extends string> = Record<A, TransitionRule<S>>;

/** The statuses in which each party may still change a record's content (staff rights win over the owner's). */
export interface EditableStatuses<S extends string> {
  owner: readonly S[];
  staff: readonly S[];
}

export function partiesOf(actor: Actor, ownerOrganisationId: string): Party[] {
  const parties: Party[] = [];
  if (actor.role === Role.Admin || actor.role === Role.Manager || actor.role === 'system') parties.push('staff');
  if (actor.organisationId !== null && actor.organisationId === ownerOrganisationId) parties.push('owner');
  return parties;
}

/** The statuses in which these parties may edit: staff's when staff, the owner's when the owner, none otherwise. */
export function editableStatusesFor<S extends string>(
  editable: EditableStatuses<S>,
  parties: readonly Party[],
): readonly S[] {
  if (parties.includes('staff')) return editable.staff;
  if (parties.includes('owner')) return editable.owner;
  return [];
}

/**
 * Checks one transition; returns the target state or throws 403 (not allowed for this actor) or 409 (illegal from
 * the current state). Pure, so the whole table is unit-tested.
 */
export function applyTransition<S extends string, A extends string>(
  workflow: Workflow<S, A>,
  action: A,
  current: S,
  parties: Party[],
  statusLabels: Record<S, string>,
): S {
  const rule = workflow[action];
  if (!rule.by.some((p) => parties.includes(p))) throw AppError.forbidden(`无权执行“${rule.label}”操作`);
  if (!rule.from.includes(current)) {
    throw AppError.conflict(
      ErrorCode.ILLEGAL_TRANSITION,
      `当前状态“${statusLabels[current]}”不能执行“${rule.label}”操作`,
      { action, from: current, allowedFrom: rule.from },
    );
  }
  return rule.to;
}

/**
 * Optimistic locking: the caller sends the version it read; a different one means someone else saved first.
 * Without an expected version (an internal caller that locked and re-read the row) nothing is checked. The
 * conflict's details are `{ expected, actual }` unless the caller's API promised others.
 */
export function assertVersion(
  current: { version: number },
  expected: number | undefined,
  message = '该记录已被他人修改，请刷新后重试',
  details?: Record<string, unknown>,
): void {
  if (expected !== undefined && current.version !== expected) {
    throw AppError.conflict(ErrorCode.STALE_VERSION, message, details ?? { expected, actual: current.version });
  }
}

/**
 * `@IsOptional()` lets null through, so a PATCH could send `{"title": null}`. Null clears a nullable column;
 * for a NOT NULL column it is a 400 naming the field, not a database error.
 */
export function assertNoNullForRequired(metadata: EntityMetadata, changes: object): void {
  const bad = Object.entries(changes)
    .filter(([key, value]) => value === null && metadata.findColumnWithPropertyName(key)?.isNullable === false)
    .map(([key]) => key);
  if (bad.length) {
    throw AppError.invalid(bad.map((field) => ({ field, reason: '不能为空' })));
  }
}

/** What the workflow needs from a record's repository: a row locked for update, and saving it. */
export interface RecordStore<T extends ObjectLiteral> {
  readonly target: EntityTarget<T>;
  /** The row, locked `FOR UPDATE` in the caller's transaction (no relations loaded), or null. */
  lockForUpdate(manager: EntityManager, id: string): Promise<T | null>;
  save(manager: EntityManager, row: T): Promise<T>;
}

/** How one record kind plays the workflow: its name, statuses, table, editable content and who its parties are. */
interface RecordKindBase<T extends { id: string; version: number; status: S }, S extends string, A extends string> {
  /** Chinese name for messages (需求, 成果). */
  label: string;
  statusLabels: Record<S, string>;
  workflow: Workflow<S, A>;
  editable: EditableStatuses<S>;
  /** The fields whose change is an edit (diffed into the event's before/after). */
  contentFields: readonly (keyof T)[];
  /** The row without loaded relations, as it is saved. */
  toRow(row: T): T;
}

/** Parties by the row's owner organisation (partiesOf): demands, achievements, calls, bids. */
interface OwnerAccess<T> {
  ownerOf(row: T): string;
  /** Whether the actor may see the row at all (others' records that are not public do not exist for them). */
  readable(actor: Actor, row: T): boolean;
  partiesTo?: never;
}

/**
 * Parties that take more than an owner organisation (an activity's organiser, a lookup of who takes part; a match,
 * which staff alone move). Resolves the actor's parties to the row; none means 404; may throw itself (a 403 for
 * readers who may not act).
 */
interface CustomAccess<T> {
  partiesTo(manager: EntityManager, actor: Actor, row: T): Promise<Party[]> | Party[];
  ownerOf?: never;
  readable?: never;
}

export type RecordKind<
  T extends { id: string; version: number; status: S },
  S extends string,
  A extends string,
> = RecordKindBase<T, S, A> & (OwnerAccess<T> | CustomAccess<T>);

export interface EditHooks<T> {
  /** Checks of the changes against the current row (references, ranges), before anything is applied. */
  validate?(current: T, changes: Partial<T>): Promise<void> | void;
  /** Derived fields after the changes are applied (e.g. a stage derived from a TRL). */
  derive?(current: T, changes: Partial<T>): void;
  /** Just before saving a row that changed (e.g. a stored score kept in step with the content). */
  beforeSave?(current: T): void;
  /** Records the `*.updated` event in the same transaction. */
  record(saved: T, diff: { before: Record<string, unknown>; after: Record<string, unknown> }): Promise<unknown>;
}

export interface TransitionHooks<T, S extends string, A extends string> {
  /** Sets what the step sets besides the status (timestamps, a return note). */
  apply?(row: T, action: A, from: S, to: S): Promise<void> | void;
  /** Records the step's event in the same transaction. */
  record(saved: T, from: S, to: S): Promise<unknown>;
}

/** A change that is no step of the table (a signal on the record, a flag): see RecordWorkflow.update. */
export interface UpdateHooks<T> {
  /**
   * Who may make this change, when that is not simply being a party to the record (e.g. only the demand's owner
   * says whether a suggestion interests it): throws to refuse — 404 for whoever may not see the row, 403 for a reader
   * who may not act. Without it, any party may.
   */
  authorize?(manager: EntityManager, current: T): Promise<void> | void;
  /**
   * Checks the row's state takes the change (409) and applies it; called after the version check. `false`: nothing
   * changed, so nothing is written and no event recorded.
   */
  apply(row: T, parties: Party[]): Promise<void | boolean> | void | boolean;
  /** Records the change's event in the same transaction; `before` is the row as locked. */
  record(saved: T, before: T): Promise<unknown>;
}

export class RecordWorkflow<T extends { id: string; version: number; status: S }, S extends string, A extends string> {
  constructor(
    private readonly kind: RecordKind<T, S, A>,
    private readonly store: RecordStore<T>,
  ) {}

  /** Locks the row for update; 404 when it does not exist or the actor is no party to it. */
  async lock(manager: EntityManager, actor: Actor, id: string): Promise<{ current: T; parties: Party[] }> {
    const current = await this.store.lockForUpdate(manager, id);
    if (!current) throw AppError.notFound(this.kind.label, id);
    const parties = await this.partiesTo(manager, actor, current);
    if (!parties.length) throw AppError.notFound(this.kind.label, id);
    return { current, parties };
  }

  private async partiesTo(manager: EntityManager, actor: Actor, row: T): Promise<Party[]> {
    const kind = this.kind;
    if (kind.partiesTo) return kind.partiesTo(manager, actor, row);
    return kind.readable(actor, row) ? partiesOf(actor, kind.ownerOf(row)) : [];
  }

  /**
   * Applies an edit: editable status for the actor (409), version (409), no null for a required column (400), the
   * caller's checks, then the diff over the content fields. Nothing changed: nothing written, no event. Returns the
   * changed fields.
   */
  async edit(
    manager: EntityManager,
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    changes: Partial<T>,
    hooks: EditHooks<T>,
  ): Promise<string[]> {
    const { current, parties } = await this.lock(manager, actor, id);
    if (!editableStatusesFor(this.kind.editable, parties).includes(current.status)) {
      throw AppError.conflict(
        ErrorCode.NOT_EDITABLE,
        `${this.kind.label}处于“${this.kind.statusLabels[current.status]}”状态，不能修改`,
        { status: current.status },
      );
    }
    assertVersion(current, expectedVersion);
    assertNoNullForRequired(manager.connection.getMetadata(this.store.target), changes);
    await hooks.validate?.(current, changes);
    const before = { ...current };
    Object.assign(current, changes);
    hooks.derive?.(current, changes);
    const diff = diffFields(before, current, this.kind.contentFields);
    if (diff.changed.length === 0) return [];
    hooks.beforeSave?.(current);
    const saved = await this.store.save(manager, this.kind.toRow(current));
    await hooks.record(saved, diff);
    return diff.changed;
  }

  /** One step of the record's table: version (409), rights (403) and source status (409); returns the new status. */
  async transition(
    manager: EntityManager,
    actor: Actor,
    id: string,
    action: A,
    expectedVersion: number | undefined,
    hooks: TransitionHooks<T, S, A>,
  ): Promise<S> {
    const { current, parties } = await this.lock(manager, actor, id);
    assertVersion(current, expectedVersion);
    const from = current.status;
    const to = applyTransition(this.kind.workflow, action, from, parties, this.kind.statusLabels);
    const row = this.kind.toRow(current);
    row.status = to;
    await hooks.apply?.(row, action, from, to);
    const saved = await this.store.save(manager, row);
    await hooks.record(saved, from, to);
    return to;
  }

  /**
   * A change outside the table: lock, who may (the hook's rule, or being a party: 404/403), version (409), the
   * hook's state check and change, save, record. Returns the saved row (the row as locked when nothing changed).
   */
  async update(
    manager: EntityManager,
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    hooks: UpdateHooks<T>,
  ): Promise<T> {
    let current: T;
    let parties: Party[] = [];
    if (hooks.authorize) {
      const row = await this.store.lockForUpdate(manager, id);
      if (!row) throw AppError.notFound(this.kind.label, id);
      await hooks.authorize(manager, row);
      current = row;
    } else {
      ({ current, parties } = await this.lock(manager, actor, id));
    }
    assertVersion(current, expectedVersion);
    const before = { ...current };
    const row = this.kind.toRow(current);
    if ((await hooks.apply(row, parties)) === false) return current;
    const saved = await this.store.save(manager, row);
    await hooks.record(saved, before);
    return saved;
  }
}
