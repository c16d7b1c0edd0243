import type { Settings } from 'meilisearch';

import dictionary from '../data/dictionary.json';
import stopWords from '../data/stop-words.json';
import synonyms from '../data/synonyms.json';
import { SearchKind } from './search-sources';

const common: Settings = {
  localizedAttributes: [{ attributePatterns: ['*'], locales: ['cmn'] }],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  stopWords,
  synonyms,
  dictionary,
  // Measured on 2 cores: prefix search off and proximity by attribute halve bulk indexing time; matching queries
  // are whole keywords, so neither costs relevance.
  prefixSearch: 'disabled',
  proximityPrecision: 'byAttribute',
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
  faceting: { maxValuesPerFacet: 100 },
  pagination: { maxTotalHits: 2000 },
};

/** Index settings kept in code; applied at boot and by `cli reindex`. Searchable attributes in priority order. */
export const INDEX_SETTINGS: Record<SearchKind, Settings> = {
  achievements: {
    ...common,
    searchableAttributes: ['title', 'keywords', 'applicationScenarios', 'abstract', 'chainNames', 'institutionName'],
    filterableAttributes: [
      'status',
      'industryChainIds',
      'stage',
      'trl',
      'transferModes',
      'ipType',
      'ipStatus',
      'institutionId',
      'askingPrice',
    ],
    sortableAttributes: ['publishedAt', 'updatedAt', 'askingPrice'],
    displayedAttributes: ['*'],
  },
  demands: {
    ...common,
    searchableAttributes: [
      'title',
      'keywords',
      'technicalIndicators',
      'description',
      'expectedOutcome',
      'chainNames',
      'ownerOrganisationName',
    ],
    filterableAttributes: [
      'status',
      'industryChainIds',
      'kind',
      'requiredStage',
      'requiredTrl',
      'cooperationModes',
      'region',
      'chainRequired',
    ],
    sortableAttributes: ['publishedAt', 'updatedAt', 'deadline'],
    displayedAttributes: ['*'],
  },
  challenges: {
    ...common,
    searchableAttributes: ['title', 'problem', 'indicators', 'chainNames', 'enterpriseName'],
    filterableAttributes: ['status', 'industryChainIds', 'mechanism'],
    sortableAttributes: ['publishedAt', 'bidDeadline', 'updatedAt'],
    displayedAttributes: ['*'],
  },
};
