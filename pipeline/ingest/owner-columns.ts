/** The input schema of enrolment files: one row per enrolled owner. Both columns are required. */
export const OWNER_INPUT_COLUMNS = ['user_id', 'enrolled_on'] as const;
