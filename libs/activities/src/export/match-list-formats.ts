export const MATCH_LIST_EXPORT_FORMATS = ['xlsx', 'csv', 'pdf'] as const;
export type MatchListExportFormat = (typeof MATCH_LIST_EXPORT_FORMATS)[number];

export const MATCH_LIST_EXPORT_KIND: Record<MatchListExportFormat, string> = {
  xlsx: 'activity.match-list.xlsx',
  csv: 'activity.match-list.csv',
  pdf: 'activity.match-list.pdf',
};

export interface MatchListExportParams {
  activityId: string;
}
