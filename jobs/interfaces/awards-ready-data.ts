import type { AwardsHandoff } from '../../pipeline/publishing/index.js';

/** The data of an `awards-ready` job: the run's hand-off to the award engine, as built by the publishing stage. */
export type AwardsReadyData = AwardsHandoff;

/** What AwardsReadyPublisher.publish did. */
export interface AwardsReadyPublished {
  jobId: string;
  /** False when the run's job was already in Redis (handed off before): nothing was added. */
  added: boolean;
}
