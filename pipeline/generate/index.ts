export { generateTrips } from './generate-trips.js';
export type { GenerateOptions } from './generate-options.js';
export { TRIP_COLUMNS, type TripRecord } from './trip-record.js';
export { tripFileFormat, type TripFileFormat } from './trip-file-format.js';
export { writeTripsFile } from './write-trips-file.js';
export { REGIONS } from './regions.js';
export { generateOwners, OWNER_COLUMNS, type OwnerRecord } from './enrolment.js';
export { writeOwnersFile } from './write-owners-file.js';
export { defaultOwnersPath } from './owners-path.js';
