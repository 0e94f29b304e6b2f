pragma circom 2.1.0;

// Test instance: 2 owners per batch, 128 noise coins (one Poseidon hash per owner).
include "../batch-award.circom";

component main {public [statement]} = BatchAward(2, 128);
