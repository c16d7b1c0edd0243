import { Actor, AppError, ErrorCode, isStaff } from '@app/common';
import { EventsService } from '@app/events';
import { FilePurpose, FileStore } from '@app/files';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

import { BidService, BidView } from '../bid/bid.service';
import { takesBids } from '../challenge/challenge.access';
import {
  BidStatus,
  ChallengeFileRef,
  ConsortiumStatus,
  MAX_CHALLENGE_FILES,
  MilestoneStatus,
  PROJECT_STATUS_LABELS,
  ProjectStatus,
} from '../challenge/challenge.domain';
import { ChallengeService } from '../challenge/challenge.service';
import { ConsortiumRepository } from '../consortium/consortium.repository';
import { ProjectRepository } from '../project/project.repository';
import { ProjectService, ProjectView } from '../project/project.service';

export interface UploadedChallengeFile {
  /** The cleaned name (the API applies `uploadedFileName`). */
  originalname: string;
  /** Sniffed from the content by the API, never the client's claim. */
  mimetype: string;
  buffer: Buffer;
}

export interface ChallengeFileContent {
  filename: string;
  contentType: string;
  content: Buffer;
}

/**
 * Files of the challenge context, kept in stored_files like every upload and read under the record's own rule: a
 * bid's attachments by whoever may read the bid (its lead and members, the call's enterprise, staff, the experts
 * once the review has started; nobody else, 404), a milestone's evidence by whoever may read the project. A bid's
 * files are added by its lead while the call takes bids, then frozen with it; evidence by the project's lead while
 * the milestone awaits acceptance.
 */
@Injectable()
export class ChallengeFilesService {
  constructor(
    private readonly bids: BidService,
    private readonly challenges: ChallengeService,
    private readonly projects: ProjectService,
    private readonly projectRows: ProjectRepository,
    private readonly files: FileStore,
    private readonly events: EventsService,
    private readonly consortia: ConsortiumRepository,
  ) {}

  /**
   * Staff store a consortium's signed agreement (协议文件) while it is active; a newer upload replaces the link (the
   * earlier file stays stored, named in the event). Read by staff and the consortium's own organisations only.
   */
  async attachAgreement(actor: Actor, consortiumId: string, file: UploadedChallengeFile): Promise<void> {
    if (!isStaff(actor)) throw AppError.forbidden('只有技术经理人或管理员可以上传创新联合体协议');
    await this.events.transaction(async (manager) => {
      const consortium = await this.consortia.lockForUpdate(manager, consortiumId);
      if (!consortium) throw AppError.notFound('创新联合体', consortiumId);
      if (consortium.status !== ConsortiumStatus.Active) {
        throw AppError.conflict(ErrorCode.NOT_EDITABLE, '创新联合体已解散，不能再上传协议');
      }
      const previous = consortium.agreement;
      const ref = await this.store(manager, actor, file);
      consortium.agreement = ref;
      const saved = await this.consortia.save(manager, consortium);
      await this.events.record(manager, actor, {
        type: 'consortium.updated',
        entityType: 'consortium',
        entityId: consortium.id,
        entityVersion: saved.version,
        before: { agreement: previous?.fileId ?? null },
        after: { agreement: ref.fileId, filename: ref.filename, size: ref.size },
      });
    });
  }

  async agreementFile(actor: Actor, consortiumId: string): Promise<ChallengeFileContent> {
    const consortium = await this.consortia.findById(consortiumId);
    const parties = consortium
      ? [consortium.leadOrganisationId, ...consortium.members.map((m) => m.organisationId)]
      : [];
    const mayRead = isStaff(actor) || (actor.organisationId !== null && parties.includes(actor.organisationId));
    if (!consortium?.agreement || !mayRead) throw AppError.notFound('创新联合体协议', consortiumId);
    return this.content(consortium.agreement);
  }

  async attachToBid(actor: Actor, bidId: string, file: UploadedChallengeFile): Promise<BidView> {
    await this.events.transaction(async (manager) => {
      const found = await this.bids.lockBid(manager, bidId, false);
      // The call's lock first (the order of submit and close), then the bid's.
      const call = found ? await this.challenges.lock(manager, found.challengeId) : null;
      const bid = call ? await this.bids.lockBid(manager, bidId) : null;
      if (!bid || !call) throw AppError.notFound('揭榜方案', bidId);
      await this.bids.readable(actor, bidId, manager);
      if (actor.organisationId !== bid.bidderOrganisationId) {
        throw AppError.forbidden('只有牵头单位可以上传方案附件');
      }
      if (bid.status !== BidStatus.Submitted || !takesBids(call)) {
        throw AppError.conflict(
          ErrorCode.BID_DEADLINE_PASSED,
          bid.status !== BidStatus.Submitted ? '方案已撤回或已定榜，不能再上传附件' : '揭榜已截止，方案及其附件已冻结',
        );
      }
      if (bid.attachments.length >= MAX_CHALLENGE_FILES) {
        throw AppError.invalidField('file', `每份方案最多 ${MAX_CHALLENGE_FILES} 个附件`);
      }
      const ref = await this.store(manager, actor, file);
      const { challenge: _c, ...row } = bid;
      const saved = await this.bids.saveAttachments(manager, {
        ...row,
        attachments: [...bid.attachments, ref],
      } as typeof bid);
      await this.events.record(manager, actor, {
        type: 'challenge_bid.attachment_added',
        entityType: 'challenge_bid',
        entityId: bid.id,
        entityVersion: saved.version,
        after: { fileId: ref.fileId, filename: ref.filename, size: ref.size, challengeId: call.id },
      });
    });
    return this.bids.get(actor, bidId);
  }

  async bidFile(actor: Actor, bidId: string, fileId: string): Promise<ChallengeFileContent> {
    const { bid } = await this.bids.readable(actor, bidId);
    const ref = bid.attachments.find((a) => a.fileId === fileId);
    if (!ref) throw AppError.notFound('附件', fileId);
    return this.content(ref);
  }

  async attachEvidence(
    actor: Actor,
    projectId: string,
    index: number,
    file: UploadedChallengeFile,
  ): Promise<ProjectView> {
    await this.events.transaction(async (manager) => {
      const project = await this.projectRows.lockForUpdate(manager, projectId);
      if (!project) throw AppError.notFound('攻关项目', projectId);
      await this.projects.readable(actor, projectId, manager);
      if (actor.organisationId !== project.organisationId) {
        throw AppError.forbidden('只有项目承担单位可以上传里程碑佐证材料');
      }
      if (project.status !== ProjectStatus.Running) {
        throw AppError.conflict(
          ErrorCode.NOT_EDITABLE,
          `项目处于“${PROJECT_STATUS_LABELS[project.status]}”状态，不能再上传佐证材料`,
        );
      }
      const milestone = project.milestones[index];
      if (!milestone) throw AppError.notFound('里程碑', String(index));
      if (milestone.status === MilestoneStatus.Accepted) {
        throw AppError.conflict(ErrorCode.NOT_EDITABLE, `里程碑“${milestone.title}”已验收，佐证材料不能再变更`);
      }
      const evidence = milestone.evidence ?? [];
      if (evidence.length >= MAX_CHALLENGE_FILES) {
        throw AppError.invalidField('file', `每个里程碑最多 ${MAX_CHALLENGE_FILES} 个佐证材料`);
      }
      const ref = await this.store(manager, actor, file);
      project.milestones = project.milestones.map((m, i) => (i === index ? { ...m, evidence: [...evidence, ref] } : m));
      const saved = await this.projectRows.save(manager, project);
      await this.events.record(manager, actor, {
        type: 'challenge_project.evidence_added',
        entityType: 'challenge_project',
        entityId: project.id,
        entityVersion: saved.version,
        after: { fileId: ref.fileId, filename: ref.filename, milestone: index, size: ref.size },
      });
    });
    return this.projects.get(actor, projectId);
  }

  async evidenceFile(actor: Actor, projectId: string, index: number, fileId: string): Promise<ChallengeFileContent> {
    const project = await this.projects.readable(actor, projectId);
    const ref = project.milestones[index]?.evidence?.find((a) => a.fileId === fileId);
    if (!ref) throw AppError.notFound('佐证材料', fileId);
    return this.content(ref);
  }

  private async store(manager: EntityManager, actor: Actor, file: UploadedChallengeFile): Promise<ChallengeFileRef> {
    if (!file.buffer.length) throw AppError.invalidField('file', '文件为空');
    const stored = await this.files.save(
      {
        purpose: FilePurpose.Attachment,
        filename: file.originalname,
        contentType: file.mimetype || 'application/octet-stream',
        content: file.buffer,
        createdById: actor.userId,
      },
      manager,
    );
    return {
      fileId: stored.id,
      filename: stored.filename,
      contentType: stored.contentType,
      size: stored.size,
      uploadedAt: new Date().toISOString(),
      uploadedById: actor.userId,
    };
  }

  private async content(ref: ChallengeFileRef): Promise<ChallengeFileContent> {
    const { file, content } = await this.files.read(ref.fileId);
    return { filename: file.filename, contentType: file.contentType, content };
  }
}
