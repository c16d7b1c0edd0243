import {
  INDUSTRY_CHAIN_ALIASES,
  IndustryChainService,
  KUNSHAN_DISTRICTS,
  OrganisationKind,
  RegistryReads,
} from '@app/registry';
import { Injectable } from '@nestjs/common';

import { QueryReference, QueryVocabulary } from './query-understanding';

/** Reads the platform's reference data (chains, institutions) for query understanding, at the time of the search. */
@Injectable()
export class QueryReferenceService {
  constructor(
    private readonly chains: IndustryChainService,
    private readonly registry: RegistryReads,
  ) {}

  /** Kunshan districts and towns with their other names (the demand's 所在区域 holds any of them). */
  static readonly districts = KUNSHAN_DISTRICTS;

  async vocabulary(params: QueryReference['params']): Promise<QueryVocabulary> {
    const [chains, institutions] = await Promise.all([
      params.chain ? this.chains.list().then((list) => list.map(({ id, code, name }) => ({ id, code, name }))) : [],
      params.institution ? this.registry.organisationNamesOfKind(OrganisationKind.University) : [],
    ]);
    return new QueryVocabulary({
      chains,
      chainAliases: INDUSTRY_CHAIN_ALIASES,
      institutions,
      districts: KUNSHAN_DISTRICTS,
      params,
    });
  }
}
