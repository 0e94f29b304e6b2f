/** The bundled sample: its trips and the enrolment file of their owners (data-samples/README.md). */
export const SAMPLE_INPUTS: readonly string[] = ['data-samples/trips.csv', 'data-samples/trips.owners.csv'];
