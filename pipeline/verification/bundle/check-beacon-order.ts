import type { Manifest } from '../../publishing/manifest.js';
import type { CheckLog } from './check-log.js';

/**
 * The noise is only unpredictable if the beacon came after the data were committed. The bundle
 * can only show the order the operator recorded; the times themselves are checked against where
 * the data root and the beacon were published.
 */
export function checkBeaconOrder(log: CheckLog, manifest: Manifest): void {
  const committed = Date.parse(manifest.data_root_recorded_at);
  const beacon = Date.parse(manifest.beacon.recorded_at);
  if (Number.isNaN(committed)) log.fail('beacon.after_commitment', `data_root_recorded_at is not a time: ${manifest.data_root_recorded_at}`);
  if (Number.isNaN(beacon)) log.fail('beacon.after_commitment', `beacon.recorded_at is not a time: ${manifest.beacon.recorded_at}`);
  if (!Number.isNaN(committed) && !Number.isNaN(beacon) && beacon < committed) {
    log.fail('beacon.after_commitment', `the beacon was recorded at ${manifest.beacon.recorded_at}, before the data root (${manifest.data_root_recorded_at})`);
  }
}
