import { Actor, AppError, isStaff } from '@app/common';
import {
  DEMAND_KIND_LABELS,
  DEMAND_STATUS_LABELS,
  DemandStatus,
  IndustryChainService,
  OrganisationKind,
  RegistryReads,
  TierFlag,
} from '@app/registry';
import { Injectable } from '@nestjs/common';

import { ManagerProfileService } from '../profile/manager-profile.service';
import { DemandListDto, DemandListRowDto } from './dto/service-record.dto';
import { ServiceRecordService } from './service-record.service';
import { NEED_STATE_LABELS } from './service-record.workflow';

/** Demands of the list: everything the enterprise submitted (its drafts stay its own). */
const LISTED: DemandStatus[] = [
  DemandStatus.Submitted,
  DemandStatus.Published,
  DemandStatus.InProgress,
  DemandStatus.Solved,
  DemandStatus.Closed,
];

/** Beijing calendar date of an instant. */
function beijingDate(at: Date | null): string | null {
  return at ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at) : null;
}

/**
 * The 龙头企业需求清单 of an enterprise: its demands (submitted and later) plus the needs mined in service that are
 * not registered as demands yet; a demand that came from a mined need says so (date and manager). Staff and the
 * enterprise itself read it.
 */
@Injectable()
export class DemandListService {
  constructor(
    private readonly registry: RegistryReads,
    private readonly chains: IndustryChainService,
    private readonly records: ServiceRecordService,
    private readonly profiles: ManagerProfileService,
  ) {}

  async authorize(actor: Actor, organisationId: string): Promise<void> {
    if (!isStaff(actor) && actor.organisationId !== organisationId) throw AppError.notFound('企业', organisationId);
  }

  async get(actor: Actor, organisationId: string): Promise<DemandListDto> {
    await this.authorize(actor, organisationId);
    const [org] = await this.registry.organisations([organisationId]);
    if (!org || org.kind !== OrganisationKind.Enterprise) throw AppError.notFound('企业', organisationId);
    const refs = await this.chains.refs();
    const chainNames = (ids: string[]) => ids.map((c) => refs.get(c)?.name).filter((n): n is string => !!n);
    const demands = await this.registry.newestDemands({
      statuses: LISTED,
      owners: [organisationId],
      chains: [],
      limit: 2000,
    });
    const needs = await this.records.needsOfOrganisation(organisationId);
    const managers = new Map(
      (await this.profiles.profilesByIds([...new Set(needs.map((n) => n.managerProfileId))])).map((p) => [
        p.id,
        p.name,
      ]),
    );
    const needOfDemand = new Map(needs.filter((n) => n.demandId).map((n) => [n.demandId!, n]));
    const rows: DemandListRowDto[] = [
      ...demands
        .slice()
        .sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
        .map((d) => {
          const need = needOfDemand.get(d.id);
          return {
            kind: 'demand' as const,
            demandId: d.id,
            needId: need?.id ?? null,
            title: d.title,
            source: need ? '服务挖掘' : '平台登记',
            statusLabel: DEMAND_STATUS_LABELS[d.status],
            demandKindLabel: DEMAND_KIND_LABELS[d.kind],
            chainNames: chainNames(d.industryChainIds),
            minedOn: need?.occurredOn ?? null,
            minedBy: need ? (managers.get(need.managerProfileId) ?? null) : null,
            publishedOn: beijingDate(d.publishedAt),
            description: d.description,
          };
        }),
      ...needs
        .filter((n) => !n.demandId)
        .map((n) => ({
          kind: 'need' as const,
          demandId: null,
          needId: n.id,
          title: n.title,
          source: '服务挖掘',
          statusLabel: NEED_STATE_LABELS.open,
          demandKindLabel: null,
          chainNames: chainNames(n.industryChainIds),
          minedOn: n.occurredOn,
          minedBy: managers.get(n.managerProfileId) ?? null,
          publishedOn: null,
          description: n.description,
        })),
    ];
    return {
      organisationId,
      organisationName: org.name,
      leading: org.tierFlags.some((f) => f.flag === TierFlag.Leading),
      rows,
    };
  }
}
