/** One drand round as drand publishes it (`/public/<round>`): the signature is the proof, randomness = SHA-256(signature). */
export interface DrandRound {
  readonly round: number;
  /** 64 lowercase hex digits. */
  readonly randomness: string;
  /** The BLS signature on SHA-256(round as 8 bytes big-endian), a compressed G1 point (96 lowercase hex digits). */
  readonly signature: string;
}
