pragma circom 2.1.0;

// Formula version 3: 32 owners per batch, 128 noise coins (one Poseidon hash per owner).
include "../batch-award.circom";

component main {public [statement]} = BatchAward(32, 128);
