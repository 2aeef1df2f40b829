// What stays of a text once it is gone: rows are kept (so counts and timelines hold) with the
// text replaced by one of these markers.

/** Text past its retention period (RETENTION_DAYS_MESSAGES). */
export const EXPIRED_TEXT = '[expired]';
/** Text erased on the customer's request. */
export const ERASED_TEXT = '[erased]';
