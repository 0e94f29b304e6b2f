import type { CrystalRecord } from './crystals.js';
import type { OwnerRecord } from './enrolment.js';
import type { TripRecord } from './trip-record.js';

/** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function csvNumber(value: number | null): string {
  return value === null ? '' : String(value);
}

function csvText(value: string | null): string {
  return value === null ? '' : csvField(value);
}

/** One CSV line in TRIP_COLUMNS order, '\n'-terminated; an empty field stands for null. */
export function csvLine(trip: TripRecord): string {
  return (
    `${csvField(trip.trip_id)},${csvField(trip.user_id)},${csvField(trip.vehicle_id)},` +
    `${csvField(trip.started_at)},${csvField(trip.ended_at)},${csvNumber(trip.distance_km)},` +
    `${csvNumber(trip.energy_kwh)},${csvNumber(trip.adas_km)},${csvText(trip.region)}\n`
  );
}

/**
 * One JSON object per line with every key in TRIP_COLUMNS order (null kept), built by hand
 * so that the key order never depends on how the record object was made.
 */
export function jsonLine(trip: TripRecord): string {
  return (
    `{"trip_id":${JSON.stringify(trip.trip_id)},"user_id":${JSON.stringify(trip.user_id)},` +
    `"vehicle_id":${JSON.stringify(trip.vehicle_id)},"started_at":${JSON.stringify(trip.started_at)},` +
    `"ended_at":${JSON.stringify(trip.ended_at)},"distance_km":${JSON.stringify(trip.distance_km)},` +
    `"energy_kwh":${JSON.stringify(trip.energy_kwh)},"adas_km":${JSON.stringify(trip.adas_km)},` +
    `"region":${JSON.stringify(trip.region)}}\n`
  );
}

/** One CSV line of an owners file, in OWNER_COLUMNS order, '\n'-terminated. */
export function ownerCsvLine(owner: OwnerRecord): string {
  return `${csvField(owner.user_id)},${owner.enrolled_on}\n`;
}

/** One JSON object per line, keys in OWNER_COLUMNS order. */
export function ownerJsonLine(owner: OwnerRecord): string {
  return `{"user_id":${JSON.stringify(owner.user_id)},"enrolled_on":${JSON.stringify(owner.enrolled_on)}}\n`;
}

/** One CSV line of a crystals file, in CRYSTAL_COLUMNS order, '\n'-terminated; an earning's draw is empty. */
export function crystalCsvLine(event: CrystalRecord): string {
  return `${csvField(event.event_id)},${csvField(event.user_id)},${event.at},${event.kind},${event.amount},${csvText(event.draw)}\n`;
}

/** One JSON object per line, keys in CRYSTAL_COLUMNS order (a null draw kept). */
export function crystalJsonLine(event: CrystalRecord): string {
  return (
    `{"event_id":${JSON.stringify(event.event_id)},"user_id":${JSON.stringify(event.user_id)},"at":${JSON.stringify(event.at)},` +
    `"kind":${JSON.stringify(event.kind)},"amount":${event.amount},"draw":${JSON.stringify(event.draw)}}\n`
  );
}
