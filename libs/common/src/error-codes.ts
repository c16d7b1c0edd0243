/** Stable, English error codes. Never renamed: clients switch on them. Messages shown to people are Chinese. */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_JSON = 'MALFORMED_JSON',
  /** JSON nested deeper than JSON_MAX_DEPTH, refused before parsing. */
  JSON_TOO_DEEP = 'JSON_TOO_DEEP',
  /** A NUL character or a lone UTF-16 surrogate in a body, query or path string. */
  INVALID_TEXT = 'INVALID_TEXT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  FORBIDDEN = 'FORBIDDEN',
  /** A cookie-authenticated unsafe request without the matching X-CSRF-Token header. */
  CSRF_TOKEN_INVALID = 'CSRF_TOKEN_INVALID',
  NOT_FOUND = 'NOT_FOUND',
  ROUTE_NOT_FOUND = 'ROUTE_NOT_FOUND',
  CONFLICT = 'CONFLICT',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  ORGANISATION_NAME_TAKEN = 'ORGANISATION_NAME_TAKEN',
  INDUSTRY_CHAIN_CODE_TAKEN = 'INDUSTRY_CHAIN_CODE_TAKEN',
  UNKNOWN_INDUSTRY_CHAIN = 'UNKNOWN_INDUSTRY_CHAIN',
  INVALID_ORGANISATION = 'INVALID_ORGANISATION',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  STALE_VERSION = 'STALE_VERSION',
  NOT_EDITABLE = 'NOT_EDITABLE',
  INCOMPLETE_FOR_TRANSITION = 'INCOMPLETE_FOR_TRANSITION',
  RATE_LIMITED = 'RATE_LIMITED',
  /** Too many failed logins for an account or from an address; Retry-After says when to try again. */
  LOGIN_LOCKED = 'LOGIN_LOCKED',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  TEMPORARY_PASSWORD_EXPIRED = 'TEMPORARY_PASSWORD_EXPIRED',
  /** The search engine (Meilisearch) does not answer; PostgreSQL-only endpoints keep working. */
  SEARCH_UNAVAILABLE = 'SEARCH_UNAVAILABLE',
  /** An activity's match list no longer changes once the activity is held. */
  ACTIVITY_FROZEN = 'ACTIVITY_FROZEN',
  /** An activity moves to followed_up only when every follow-up item is done. */
  FOLLOW_UPS_OPEN = 'FOLLOW_UPS_OPEN',
  EXPORT_NOT_READY = 'EXPORT_NOT_READY',
  IMPORT_FILE_INVALID = 'IMPORT_FILE_INVALID',
  IMPORT_MISSING_COLUMNS = 'IMPORT_MISSING_COLUMNS',
  IMPORT_NOT_READY = 'IMPORT_NOT_READY',
  /** An import file (or one of its zip entries once inflated) is over a size or compression-ratio limit. */
  IMPORT_FILE_TOO_LARGE = 'IMPORT_FILE_TOO_LARGE',
  IMPORT_TOO_MANY_ROWS = 'IMPORT_TOO_MANY_ROWS',
  IMPORT_CELL_TOO_LONG = 'IMPORT_CELL_TOO_LONG',
  IMPORT_HEADER_NOT_FOUND = 'IMPORT_HEADER_NOT_FOUND',
  /** Too many uploads are being inspected at once: retry after the Retry-After header. */
  UPLOAD_BUSY = 'UPLOAD_BUSY',
  INDICATOR_NOT_REPORTABLE = 'INDICATOR_NOT_REPORTABLE',
  /** A user has one manager profile, an organisation one agency record. */
  PROFILE_EXISTS = 'PROFILE_EXISTS',
  /** A certificate or filing number already belongs to another profile or agency. */
  NUMBER_TAKEN = 'NUMBER_TAKEN',
  /** A leading enterprise already has an open 一对一 assignment: reassign it instead. */
  ASSIGNMENT_OPEN = 'ASSIGNMENT_OPEN',
  /** A mined need is already linked to a demand. */
  NEED_ALREADY_LINKED = 'NEED_ALREADY_LINKED',
  /** 揭榜挂帅: the bid deadline has passed or the call no longer takes bids. */
  BID_DEADLINE_PASSED = 'BID_DEADLINE_PASSED',
  /** 揭榜挂帅: the bidder does not meet the call's eligibility (kind, consortium, directed institution). */
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  /** 揭榜挂帅: an expert may not score a bid of their own organisation or one they declared a conflict with. */
  CONFLICT_OF_INTEREST = 'CONFLICT_OF_INTEREST',
  /** 揭榜挂帅: a call is awarded only once every assigned expert has scored every eligible bid (or is excused). */
  REVIEW_INCOMPLETE = 'REVIEW_INCOMPLETE',
  /** 分级评估: a published evaluation period is a frozen snapshot; it is neither recomputed nor published again. */
  EVALUATION_PUBLISHED = 'EVALUATION_PUBLISHED',
  /** An enterprise rates a manager's service once per record. */
  ALREADY_RATED = 'ALREADY_RATED',
  INTERNAL = 'INTERNAL',
}
