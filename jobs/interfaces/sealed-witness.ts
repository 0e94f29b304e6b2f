/** A batch's witness input as the coordinator builds it: numbers as decimal strings, per-slot values as arrays. */
export type WitnessInput = Record<string, string | string[] | string[][]>;

/**
 * What a witness is sealed to: the job it travels in. The AES-GCM associated data is made of
 * these, so a sealed witness copied into another run's or another batch's job does not open.
 */
export interface WitnessContext {
  runId: string;
  batch: number;
  batches: number;
  circuit: string;
}

/**
 * A witness input encrypted for the workers with the shared witness key (AES-256-GCM, a random
 * 12-byte IV per job, the 16-byte tag checked on opening); binary fields are base64.
 */
export interface SealedWitness {
  alg: 'aes-256-gcm';
  /** A fingerprint of the key it was sealed with (not the key): tells a wrong key from an altered witness. */
  keyId: string;
  iv: string;
  ciphertext: string;
  tag: string;
}
