import { createCipheriv, createDecipheriv, createHmac, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import type { SealedWitness, WitnessContext, WitnessInput } from '../interfaces/index.js';
import { WitnessKeyError } from './witness-key-error.js';

/** AES-256: the key is 32 bytes. */
export const WITNESS_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';
/** Versioned, so another layout of the associated data can never open an old witness by accident. */
const AAD_LABEL = 'stones-witness-v1';

function associatedData(context: WitnessContext): Buffer {
  return Buffer.from(`${AAD_LABEL}\n${JSON.stringify([context.runId, context.batch, context.batches, context.circuit])}`, 'utf8');
}

function whose(context: WitnessContext): string {
  return `the witness of batch ${context.batch} of run ${context.runId}`;
}

/**
 * The key the coordinator seals each batch's witness input with before it goes into Redis, and
 * the workers open it with (AES-256-GCM). The witness is bound to its job (run, batch, batches,
 * circuit as associated data), so it cannot be moved to another job; the 16-byte tag is
 * checked, so an altered one does not open. The key bytes stay inside this object (a Node
 * KeyObject); only a fingerprint of it, `id`, is shown or written anywhere.
 */
export class WitnessKey {
  /** 16 hex digits of HMAC-SHA256(key, label): names the key in jobs and logs without revealing it. */
  readonly id: string;
  readonly #key: KeyObject;

  private constructor(
    key: KeyObject,
    /** Where it was read from, for messages ('generated' for a key made in memory). */
    readonly source: string,
  ) {
    this.#key = key;
    this.id = createHmac('sha256', key).update('stones witness key id v1').digest('hex').slice(0, 16);
  }

  /** A key from its 32 bytes (as read from the key file). */
  static fromBytes(bytes: Uint8Array, source: string): WitnessKey {
    if (bytes.length !== WITNESS_KEY_BYTES) {
      throw new WitnessKeyError('witness_key_invalid', `${source}: a witness key is ${WITNESS_KEY_BYTES} bytes, got ${bytes.length}`);
    }
    return new WitnessKey(createSecretKey(Buffer.from(bytes)), source);
  }

  /** A fresh random key held in memory only (tests, benches with in-process workers). */
  static generate(): WitnessKey {
    return WitnessKey.fromBytes(randomBytes(WITNESS_KEY_BYTES), 'generated');
  }

  /** Seals a batch's witness input for its job: a new random IV every time. */
  seal(context: WitnessContext, input: WitnessInput): SealedWitness {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(context));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(input), 'utf8'), cipher.final()]);
    return {
      alg: ALGORITHM,
      keyId: this.id,
      iv: iv.toString('base64'),
      ciphertext: ciphertext.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    };
  }

  /**
   * Opens a sealed witness of the job `context`. A WitnessKeyError `witness_key_mismatch` when it
   * was sealed with another key, `witness_tampered` when it does not open with this one.
   */
  open(context: WitnessContext, sealed: SealedWitness): WitnessInput {
    if (sealed.keyId !== this.id) {
      throw new WitnessKeyError(
        'witness_key_mismatch',
        `cannot decrypt ${whose(context)}: this worker's key (id ${this.id}, ${this.source}) is not the coordinator's (id ${String(sealed.keyId)})`,
      );
    }
    const tampered = (cause?: unknown): WitnessKeyError =>
      new WitnessKeyError('witness_tampered', `cannot decrypt ${whose(context)}: it was not sealed for this job, or was altered in Redis`, { cause });
    const iv = Buffer.from(String(sealed.iv), 'base64');
    const tag = Buffer.from(String(sealed.tag), 'base64');
    // GCM accepts shorter tags unless told otherwise; a shortened tag is a forgery made easier.
    if (sealed.alg !== ALGORITHM || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw tampered();
    let text: string;
    try {
      const decipher = createDecipheriv(ALGORITHM, this.#key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(context));
      decipher.setAuthTag(tag);
      text = Buffer.concat([decipher.update(Buffer.from(String(sealed.ciphertext), 'base64')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw tampered(error);
    }
    const input = JSON.parse(text) as unknown;
    if (input === null || typeof input !== 'object' || Array.isArray(input)) throw tampered();
    return input as WitnessInput;
  }
}
