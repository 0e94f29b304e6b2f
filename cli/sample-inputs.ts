/** The bundled sample: its trips, the enrolment file of their owners and their crystal events (data-samples/README.md). */
export const SAMPLE_INPUTS: readonly string[] = ['data-samples/trips.csv', 'data-samples/trips.owners.csv', 'data-samples/trips.crystals.csv'];
