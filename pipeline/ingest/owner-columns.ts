/** The input schema of enrolment files: one row per enrolled owner. Both columns are required. */
export const OWNER_INPUT_COLUMNS = ['user_id', 'enrolled_on'] as const;

export type OwnerInputColumn = (typeof OWNER_INPUT_COLUMNS)[number];

/**
 * The dates an enrolment may carry, inclusive: tenure in days is carried in 16 bits
 * downstream, and no owner enrolled before 2000. Kept in sync with check-owners.sql.
 */
export const ENROLLED_ON_RANGE = { first: '2000-01-01', last: '2099-12-31' } as const;
