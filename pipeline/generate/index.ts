export { generateTrips } from './generate-trips.js';
export { DEFAULT_START, parseStartDate, type GenerateOptions } from './generate-options.js';
export { TRIP_COLUMNS, type TripColumn, type TripRecord } from './trip-record.js';
export { tripFileFormat, type TripFileFormat } from './trip-file-format.js';
export { writeTripsFile, type WrittenTripsFile } from './write-trips-file.js';
export { PERSONAS, type PersonaName } from './personas.js';
export { REGIONS, type Region } from './regions.js';
